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
 *
 * An extension approved while the removal runs keeps the access. Each side makes its Admin API
 * call first and then one conditional update of the original grant's row: the removal moves it
 * applied → revoked only while its end date is the one it read; the take-over clears that end
 * date only while it is still applied. The database (one row, any number of replicas) orders the
 * two, so exactly one wins, and the loser, whose call may have landed in the wrong order, puts
 * the membership right after the winner's call has certainly finished:
 * - the take-over won: the removal's delete may have come after the extension found the person
 *   still a member, so the removal adds back what it took, and tells nobody it ended;
 * - the removal won: the extension's add may have found the person still a member just before
 *   the delete, so the take-over makes sure of the membership again (the requester hears
 *   "ended", then "you're in", both true when sent).
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
    if (grant?.status !== 'applied' || !grant.access_ends_on || grant.access_ends_on !== stale.access_ends_on)
      return;
    const endsOn = grant.access_ends_on;
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
      whileEndsOn: endsOn,
      details: {
        end_date: grant.access_ends_on,
        done: action.kind,
        restored_role: 'role' in action ? action.role : null,
      },
    });
    if (!revoked) {
      if (action.kind !== 'keep') {
        await this.putBackIfTakenOver(grant).catch((error: unknown) => this.tellRestoreFailed(grant, error));
      }
      return;
    }
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

  /**
   * The removal lost to an extension's take-over (the grant is still applied, its end date
   * cleared): the person keeps what this grant gave, whichever order the two calls landed in.
   */
  private async putBackIfTakenOver(grant: AccessRequest): Promise<void> {
    const { db, admin, logger } = this.deps;
    const now = await findRequest(db, grant.id);
    if (now?.status !== 'applied' || now.access_ends_on !== null || !grant.openai_user_id) return;
    // An extension carries the role of the grant it extends.
    await admin.ensureProjectMember(grant.project_id, grant.openai_user_id, grant.role, { lookFirst: true });
    logger.info(`Grant ${grant.id} was extended while it was being ended; its access was kept.`);
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
    if (await takeOverGrant(db, extension, original, clock.now())) return;
    // The original ended first; its removal has finished, but this extension's add may have
    // found the person still a member just before it. One look when the membership is there.
    if (!extension.openai_user_id) return;
    try {
      await this.deps.admin.ensureProjectMember(
        extension.project_id,
        extension.openai_user_id,
        extension.role,
        { lookFirst: true },
      );
    } catch (error) {
      await this.tellRestoreFailed(extension, error);
    }
  }

  /** Nothing retries a failed put-back (no end date is left to sweep): the admins are told. */
  private async tellRestoreFailed(grant: AccessRequest, error: unknown): Promise<void> {
    const { logger, notifier } = this.deps;
    const problem = error instanceof AdminApiError ? error.message : String(error);
    logger.error(
      `${grant.id}: adding ${grant.requester_slack_id} back to ${grant.project_id} failed: ${problem}`,
    );
    await notifier
      .toAdmins({ kind: 'grant.restore_failed', grant, problem })
      .catch((failure: unknown) => logger.error(`Could not tell the admins: ${String(failure)}`));
  }
}
