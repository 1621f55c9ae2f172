import { crashPoint } from '../crash-points.js';
import {
  claimAppliedAnnouncement,
  findDecision,
  findRequest,
  setLastError,
  transitionRequest,
} from '../db/access-requests.js';
import { stampMembershipBefore } from '../db/request-stamps.js';
import type { AccessRequest } from '../db/schema.js';
import type { EnsureMemberResult } from '../openai/admin-client.js';
import { AdminApiError } from '../openai/admin-errors.js';
import type { CoreDeps } from './core-deps.js';
import { remember } from './remember-people.js';
import type { RequestMessages } from './request-messages.js';

/** What the person had in the project before the bot's grant; removal at the end date restores it. */
export function membershipBeforeOf(
  result: EnsureMemberResult | 'granted_by_invite',
): 'none' | 'member' | 'owner' {
  if (result === 'granted_by_invite' || result.outcome === 'added') return 'none';
  return result.previousRole === 'owner' ? 'owner' : 'member';
}

/** Hook for requests whose requester is not an org user yet (pre-assignment, invites). */
export interface NotYetMemberHandler {
  handle(request: AccessRequest): Promise<void>;
}

/** Applies requests that are not for a role (service accounts: `service-account-requests.ts`). */
export interface OtherKindHandler {
  apply(request: AccessRequest): Promise<void>;
  announceApplied(request: AccessRequest): Promise<void>;
}

/**
 * Applies an approved request through the Admin API. Idempotent and restartable: it looks
 * before it adds, and the approved → applied step is conditional, so a crash between the
 * decision and the change is finished by running it again (the sweep does).
 */
export class RequestApplier {
  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      notYetMember: NotYetMemberHandler;
    },
  ) {}

  /** Follow-ups of any applied grant (extension take-over, owner-count check); set once at wiring. */
  #afterApplied: ((request: AccessRequest) => Promise<void>)[] = [];

  onApplied(hook: (request: AccessRequest) => Promise<void>): void {
    this.#afterApplied.push(hook);
  }

  #otherKinds: OtherKindHandler | undefined;

  /** Set once at wiring: who applies service-account requests. */
  handleOtherKinds(handler: OtherKindHandler): void {
    this.#otherKinds = handler;
  }

  /**
   * What the person had in the project before this grant, read from OpenAI and written down
   * before the change is made, so that an attempt resumed after a crash (which then finds the
   * person already a member) still knows the grant added them, and removal at the end date
   * takes away only what the bot gave.
   */
  private async recordMembershipBefore(
    request: AccessRequest,
    userId: string,
  ): Promise<'none' | 'member' | 'owner'> {
    if (request.membership_before) return request.membership_before;
    const { db, admin } = this.deps;
    const existing = await admin.findProjectUser(request.project_id, userId);
    const before = !existing ? 'none' : existing.role === 'owner' ? 'owner' : 'member';
    if (await stampMembershipBefore(db, request.id, before)) return before;
    // Another replica resuming the same request wrote it first: its reading, made earlier, counts.
    return (await findRequest(db, request.id))?.membership_before ?? before;
  }

  /**
   * Everything after a request became `applied`: the follow-ups, every Slack copy, and the
   * requester's "you're in" (at most once: the claim is written before the message is sent).
   * The sweep calls it again for a request whose announcement a crash interrupted.
   */
  async announceApplied(applied: AccessRequest, roleChanged = false): Promise<void> {
    if (applied.kind !== 'access' && this.#otherKinds) return this.#otherKinds.announceApplied(applied);
    const { db, clock, logger, messages } = this.deps;
    await this.afterApplied(applied);
    await messages.refreshAll(applied.id);
    if (!(await claimAppliedAnnouncement(db, applied.id, clock.now()))) return;
    await this.deps.notifier
      .toPerson(applied.requester_slack_id, { kind: 'request.applied', request: applied, roleChanged })
      .catch((error: unknown) => logger.warn(`Could not DM ${applied.requester_slack_id}: ${String(error)}`));
  }

  /** Runs the follow-ups; a failing one is logged, never undoes the grant. */
  async afterApplied(request: AccessRequest): Promise<void> {
    for (const hook of this.#afterApplied) {
      await hook(request).catch((error: unknown) =>
        this.deps.logger.warn(`A follow-up of applying ${request.id} failed: ${String(error)}`),
      );
    }
  }

  async apply(request: AccessRequest): Promise<void> {
    if (request.kind !== 'access' && this.#otherKinds) return this.#otherKinds.apply(request);
    const { db, admin, clock, logger, messages } = this.deps;
    try {
      const orgUser = await admin.findUserByEmail(request.requester_email);
      await remember(this.deps, [
        { slackId: request.requester_slack_id, email: request.requester_email, openaiUserId: orgUser?.id },
      ]);
      if (!orgUser) {
        await this.deps.notYetMember.handle(request);
        return;
      }
      // A membership recorded earlier means an earlier attempt may have made the change already.
      const resumed = request.membership_before !== null;
      const before = await this.recordMembershipBefore(request, orgUser.id);
      const result = await admin.ensureProjectMember(request.project_id, orgUser.id, request.role, {
        lookFirst: resumed || before !== 'none',
      });
      crashPoint('after-apply');
      const applied = await transitionRequest(db, {
        id: request.id,
        from: 'approved',
        to: 'applied',
        actor: 'system',
        action: 'request.applied',
        at: clock.now(),
        set: { openai_user_id: orgUser.id, last_error: null, membership_before: before },
        details: { outcome: result.outcome, previous_role: result.previousRole ?? null },
      });
      if (!applied) return;
      crashPoint('before-announce');
      await this.announceApplied(applied, result.outcome === 'role_changed');
    } catch (error) {
      const message = error instanceof AdminApiError ? error.message : `Unexpected error: ${String(error)}`;
      logger.error(`Applying ${request.id} failed: ${message}`);
      await setLastError(db, request.id, message, clock.now());
      await messages.refreshAll(request.id);
      // Told once, when it first fails; the sweep's later retries stay quiet (the copies show it).
      const decision = request.last_error ? undefined : await findDecision(db, request.id);
      if (decision) {
        await this.deps.notifier
          .toPerson(decision.decided_by, { kind: 'request.apply_failed', request, problem: message })
          .catch((e: unknown) => logger.warn(`Could not tell the approver of ${request.id}: ${String(e)}`));
      }
    }
  }
}
