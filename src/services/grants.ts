import { findRequest, setLastError, transitionRequest } from '../db/access-requests.js';
import { otherGrantInForce } from '../db/request-lists.js';
import { stampEndWarning, stampRemovalFailureTold, takeOverGrant } from '../db/request-stamps.js';
import type { AccessRequest } from '../db/schema.js';
import { removalAction } from '../domain/request-timers.js';
import { AdminApiError } from '../openai/admin-errors.js';
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
    },
  ) {}

  async warn(grant: AccessRequest): Promise<void> {
    const { db, notifier, clock, logger } = this.deps;
    if (!(await stampEndWarning(db, grant.id, clock.now())) || !grant.access_ends_on) return;
    await notifier
      .toPerson(grant.requester_slack_id, { kind: 'grant.ending', grant })
      .catch((error: unknown) => logger.warn(`Could not warn ${grant.requester_slack_id}: ${String(error)}`));
  }

  async remove(stale: AccessRequest): Promise<void> {
    const { db, admin, notifier, messages, clock, logger } = this.deps;
    // Read again: an extension approved meanwhile clears the end date, and the sweep's copy is old.
    const grant = await findRequest(db, stale.id);
    if (grant?.status !== 'applied' || grant.access_ends_on !== stale.access_ends_on) return;
    // Another grant of the same person to the same project that is still in force (a later,
    // separate request) keeps the membership: only this grant's end is recorded.
    const other = await otherGrantInForce(db, grant);
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
    await notifier
      .toPerson(grant.requester_slack_id, {
        kind: 'grant.ended',
        grant,
        done: action.kind,
        restoredRole: 'role' in action ? action.role : null,
      })
      .catch((error: unknown) => logger.warn(`Could not tell ${grant.requester_slack_id}: ${String(error)}`));
  }

  private async tellAdminsOnce(grant: AccessRequest, problem: string): Promise<void> {
    const { db, clock, notifier } = this.deps;
    if (!(await stampRemovalFailureTold(db, grant.id, clock.now()))) return;
    await notifier.toAdmins({ kind: 'grant.removal_failed', grant, problem });
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
    await takeOverGrant(db, extension, original, clock.now());
  }
}
