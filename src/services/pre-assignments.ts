import {
  claimAppliedAnnouncement,
  findDecision,
  setLastError,
  transitionRequest,
} from '../db/access-requests.js';
import type { AccessRequest } from '../db/schema.js';
import { grantedByInvite } from '../domain/invite-rules.js';
import { AdminApiError } from '../openai/admin-errors.js';
import type { Invite } from '../openai/admin-types.js';
import type { CoreDeps } from './core-deps.js';
import { remember } from './remember-people.js';
import { membershipBeforeOf } from './request-applier.js';
import type { RequestMessages } from './request-messages.js';

/** What applying a person's pre-assignments did: how many became applied, and what failed. */
export interface PreAssignmentResult {
  applied: AccessRequest[];
  failures: { subject: string; error: string }[];
}

/**
 * Applies pre-assignments (requests in `awaiting_invite`) of a person who is an org user now,
 * whichever way they got in: the invite the bot watched, another invite sent by hand, or none.
 * Each is one conditional transition (`awaiting_invite` → `applied`), so a second run, another
 * replica or a click at the same time applies nothing twice; a failure is kept on the request and
 * retried by the next sweep.
 */
export class PreAssignments {
  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      /** The follow-ups of any applied grant (RequestApplier.afterApplied), wired once in bot.ts. */
      afterApplied: (request: AccessRequest) => Promise<void>;
    },
  ) {}

  /**
   * `inviteProjects`: what the invite that got them in granted on acceptance (nothing is added
   * twice); empty when unknown, then the bot adds and settles an "already a member" answer.
   * `actor`: who the audit names, the sweep (`system`) or the admin whose click applied them.
   */
  async applyAll(
    requests: readonly AccessRequest[],
    userId: string,
    inviteProjects: Invite['projects'],
    actor = 'system',
  ): Promise<PreAssignmentResult> {
    const result: PreAssignmentResult = { applied: [], failures: [] };
    for (const request of requests) {
      try {
        const applied = await this.apply(request, userId, inviteProjects, actor);
        if (applied) result.applied.push(applied);
      } catch (error) {
        const message = error instanceof AdminApiError ? error.message : String(error);
        await setLastError(this.deps.db, request.id, message, this.deps.clock.now());
        result.failures.push({ subject: request.id, error: message });
      }
    }
    return result;
  }

  /** The applied request, or undefined when someone else applied it first. */
  private async apply(
    request: AccessRequest,
    userId: string,
    inviteProjects: Invite['projects'],
    actor: string,
  ): Promise<AccessRequest | undefined> {
    const { db, admin, clock, messages, notifier, logger } = this.deps;
    await remember(this.deps, [
      { slackId: request.requester_slack_id, email: request.requester_email, openaiUserId: userId },
    ]);
    const byInvite = grantedByInvite(inviteProjects, { projectId: request.project_id, role: request.role });
    const result = byInvite
      ? ('granted_by_invite' as const)
      : await admin.ensureProjectMember(request.project_id, userId, request.role, { lookFirst: false });
    const outcome = result === 'granted_by_invite' ? result : result.outcome;
    const applied = await transitionRequest(db, {
      id: request.id,
      from: 'awaiting_invite',
      to: 'applied',
      actor,
      action: 'request.applied',
      at: clock.now(),
      set: { openai_user_id: userId, last_error: null, membership_before: membershipBeforeOf(result) },
      details: { outcome, invite_id: request.invite_id },
    });
    if (!applied) return undefined;
    await this.deps.afterApplied(applied);
    await messages.refreshAll(request.id);
    if (!(await claimAppliedAnnouncement(db, request.id, clock.now()))) return applied;
    // A group onboarding's grant: its card and the person were told by the onboarding's hook.
    if (request.onboarding_id) return applied;
    await notifier
      .toPerson(request.requester_slack_id, {
        kind: 'request.applied_after_invite',
        request,
        audience: 'requester',
      })
      .catch((error: unknown) => logger.warn(`Could not DM ${request.requester_slack_id}: ${String(error)}`));
    const decision = await findDecision(db, request.id);
    if (decision && decision.decided_by !== request.requester_slack_id) {
      // News worth a notification, in the thread of their copy: one message per request.
      await messages
        .tellApprover(request.id, decision.decided_by, {
          kind: 'request.applied_after_invite',
          request,
          audience: 'approver',
        })
        .catch((error: unknown) => logger.warn(`Could not tell ${decision.decided_by}: ${String(error)}`));
    }
    return applied;
  }
}
