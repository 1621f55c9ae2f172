import { findRequest, setLastError, transitionRequest } from '../db/access-requests.js';
import { recordAudit } from '../db/audit-events.js';
import type { AccessRequest } from '../db/schema.js';
import { removalAction } from '../domain/request-timers.js';
import { AdminApiError } from '../openai/admin-errors.js';
import { escapeMrkdwn, mention, slackDay } from '../slack/blocks/format.js';
import { messageWithButton, plainMessage } from '../slack/blocks/request-message.js';
import { ActionIds } from '../slack/ids.js';
import type { AdminNotifier } from './admin-notifier.js';
import type { CoreDeps } from './core-deps.js';
import type { RequestMessages } from './request-messages.js';

/**
 * Time-bound access: a warning with an Extend button 24 hours before the end date, and removal
 * on it, taking away only what the bot granted. A failed removal is told to the admins once and
 * retried by every sweep until it succeeds.
 */
export class GrantService {
  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      notifier: AdminNotifier;
    },
  ) {}

  async warn(grant: AccessRequest): Promise<void> {
    const { db, slack, clock, logger } = this.deps;
    const stamped = await db
      .updateTable('access_requests')
      .set({ end_warned_at: clock.now().toISOString() })
      .where('id', '=', grant.id)
      .where('status', '=', 'applied')
      .where('end_warned_at', 'is', null)
      .executeTakeFirst();
    if (Number(stamped.numUpdatedRows) === 0 || !grant.access_ends_on) return;
    await slack
      .sendDm(
        grant.requester_slack_id,
        messageWithButton(
          `:alarm_clock: Your ${grant.role} access to *${escapeMrkdwn(grant.project_name)}* ends ${slackDay(grant.access_ends_on)} (in 24 hours). Still need it? Ask the project's owners for more time.`,
          { actionId: ActionIds.extendGrant, label: 'Extend', value: grant.id, style: 'primary' },
        ),
      )
      .catch((error: unknown) => logger.warn(`Could not warn ${grant.requester_slack_id}: ${String(error)}`));
  }

  async remove(stale: AccessRequest): Promise<void> {
    const { db, admin, slack, messages, clock, logger } = this.deps;
    // Read again: an extension approved meanwhile clears the end date, and the sweep's copy is old.
    const grant = await findRequest(db, stale.id);
    if (grant?.status !== 'applied' || grant.access_ends_on !== stale.access_ends_on) return;
    // Another grant of the same person to the same project that is still in force (a later,
    // separate request) keeps the membership: only this grant's end is recorded.
    const other = await db
      .selectFrom('access_requests')
      .select('id')
      .where('requester_slack_id', '=', grant.requester_slack_id)
      .where('project_id', '=', grant.project_id)
      .where('status', '=', 'applied')
      .where('id', '!=', grant.id)
      // A grant an applied extension took over is not "another grant": it lives on in this one.
      .where('id', 'not in', (eb) =>
        eb
          .selectFrom('access_requests as extension')
          .select('extension.extends_request_id')
          .where('extension.extends_request_id', 'is not', null)
          .where('extension.status', 'in', ['applied', 'revoked']),
      )
      .executeTakeFirst();
    const action = other ? ({ kind: 'keep' } as const) : removalAction(grant.membership_before, grant.role);
    try {
      if (!grant.openai_user_id) throw new Error('the grant has no OpenAI user id recorded');
      if (action.kind === 'remove') await admin.removeProjectUser(grant.project_id, grant.openai_user_id);
      if (action.kind === 'restore_role')
        await admin.setProjectRole(grant.project_id, grant.openai_user_id, action.role);
    } catch (error) {
      const message = error instanceof AdminApiError ? error.message : String(error);
      await setLastError(db, grant.id, `Removing access on the end date failed: ${message}`, clock.now());
      await this.tellAdminsOnce(grant, message);
      return;
    }
    const revoked = await transitionRequest(db, {
      id: grant.id,
      from: 'applied',
      to: 'revoked',
      actor: 'system',
      action: 'grant.ended',
      at: clock.now(),
      set: { last_error: null },
      details: {
        end_date: grant.access_ends_on,
        done: action.kind,
        restored_role: 'role' in action ? action.role : null,
      },
    });
    if (!revoked) return;
    await messages.refreshAll(grant.id);
    const what =
      action.kind === 'remove'
        ? 'was removed'
        : action.kind === 'restore_role'
          ? `ended; you are back to ${action.role}`
          : 'ended (you keep the membership you had before)';
    await slack
      .sendDm(
        grant.requester_slack_id,
        plainMessage(
          `:lock: Your ${grant.role} access to *${escapeMrkdwn(grant.project_name)}* reached its end date and ${what}. Type \`/access request ${grant.project_name}\` if you need it again.`,
        ),
      )
      .catch((error: unknown) => logger.warn(`Could not tell ${grant.requester_slack_id}: ${String(error)}`));
  }

  private async tellAdminsOnce(grant: AccessRequest, problem: string): Promise<void> {
    const { db, clock } = this.deps;
    const stamped = await db
      .updateTable('access_requests')
      .set({ removal_failure_told_at: clock.now().toISOString() })
      .where('id', '=', grant.id)
      .where('removal_failure_told_at', 'is', null)
      .executeTakeFirst();
    if (Number(stamped.numUpdatedRows) === 0) return;
    await this.deps.notifier.say(
      `:warning: Could not remove ${mention(grant.requester_slack_id)} from *${escapeMrkdwn(grant.project_name)}* on their end date: ${escapeMrkdwn(problem)} The bot retries on every sweep until it works.`,
    );
  }

  /**
   * Once an extension request is applied, the grant it extends stops counting: the new request
   * carries the end date and what the person had before the first grant.
   */
  async takeOver(extension: AccessRequest): Promise<void> {
    if (!extension.extends_request_id) return;
    const { db, clock } = this.deps;
    const original = await findRequest(db, extension.extends_request_id);
    if (!original) return;
    await db
      .updateTable('access_requests')
      .set({ membership_before: original.membership_before, updated_at: clock.now().toISOString() })
      .where('id', '=', extension.id)
      .execute();
    await db
      .updateTable('access_requests')
      .set({ access_ends_on: null, updated_at: clock.now().toISOString() })
      .where('id', '=', original.id)
      .execute();
    await recordAudit(db, {
      at: clock.now(),
      actor: 'system',
      action: 'grant.extended',
      subjectType: 'access_request',
      subjectId: original.id,
      before: { access_ends_on: original.access_ends_on },
      after: { access_ends_on: extension.access_ends_on, by_request: extension.id },
    });
  }
}
