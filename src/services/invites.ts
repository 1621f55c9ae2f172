import { randomUUID } from 'node:crypto';
import {
  findDecision,
  linkInvite,
  setLastError,
  transitionRequest,
  waitingOnInvite,
} from '../db/access-requests.js';
import { linkPreAssignments, recordResentInvite } from '../db/invite-links.js';
import { runUnderLease } from '../db/leases.js';
import { unlinkedPreAssignments } from '../db/request-lists.js';
import type { AccessRequest } from '../db/schema.js';
import { findTrackedInvite, inviteProjectsOf, moveTrackedInvite } from '../db/tracked-invites.js';
import { isLivePending, mergeInviteProjects } from '../domain/invite-rules.js';
import { AdminApiError } from '../openai/admin-errors.js';
import type { Invite, OrgUser } from '../openai/admin-types.js';
import { applyToMember } from './apply-to-member.js';
import { type ClickAnswer, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import type { InviteDigests } from './invite-digests.js';
import { type InvitesOverview, invitesOverview } from './invites-overview.js';
import type { RequestNotice } from './notices.js';
import type { PreAssignments } from './pre-assignments.js';
import type { NotYetMemberHandler } from './request-applier.js';
import type { RequestMessages } from './request-messages.js';

type InviteDeps = CoreDeps & {
  messages: RequestMessages;
  botAdmins: readonly string[];
  preAssignments: PreAssignments;
  digests: InviteDigests;
};

/**
 * Pre-assignment: approvals for people who are not org users yet. The first approval sends an
 * org invite carrying the project; later ones wait on that invite and are added by the sweep
 * once it is accepted. Invites are never created blindly: the bot lists first, and a create
 * that may or may not have happened is reconciled by listing on the next sweep.
 */
export class InviteService implements NotYetMemberHandler {
  /** Serialises invite work per email in this process, so two approvals cannot both create one. */
  #byEmail = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: InviteDeps) {}

  private serialised<T>(email: string, work: () => Promise<T>): Promise<T> {
    const key = email.toLowerCase();
    const previous = this.#byEmail.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#byEmail.set(key, next);
    return next.finally(() => {
      if (this.#byEmail.get(key) === next) this.#byEmail.delete(key);
    });
  }

  async handle(request: AccessRequest): Promise<void> {
    const { db, clock } = this.deps;
    // Recorded before any invite is made, so a crash here is finished by the sweep.
    const waiting = await transitionRequest(db, {
      id: request.id,
      from: 'approved',
      to: 'awaiting_invite',
      actor: 'system',
      action: 'request.awaiting_invite',
      at: clock.now(),
      details: { email: request.requester_email },
    });
    if (!waiting) return;
    await this.attachToInvite([waiting]);
  }

  /**
   * Links waiting requests of one email to its pending invite, creating the invite when there
   * is none. One at a time per email: in this process by a queue, across replicas by a lease row
   * (a replica that finds it taken leaves the requests unlinked for the next sweep). Inside, the
   * invites are listed afresh and the requests re-read, so nobody works from an old picture.
   */
  async attachToInvite(requests: readonly AccessRequest[]): Promise<void> {
    const first = requests[0];
    if (!first) return;
    const email = first.requester_email.toLowerCase();
    await this.serialised(email, async () => {
      const ran = await runUnderLease(
        {
          db: this.deps.db,
          clock: this.deps.clock,
          name: `invite:${email}`,
          // One owner per attempt: an owner shared by two attempts would let both "hold" it.
          owner: `inviter-${randomUUID()}`,
          seconds: 120,
        },
        () => this.#attach(requests.map((r) => r.id)),
      );
      if (ran === undefined) {
        this.deps.logger.info(`Another replica is inviting ${email}; the next sweep links these requests.`);
      }
    });
  }

  async #attach(requestIds: readonly string[]): Promise<void> {
    const requests = await unlinkedPreAssignments(this.deps.db, requestIds);
    const first = requests[0];
    if (!first) return;
    const { db, admin, clock, logger, messages } = this.deps;
    const email = first.requester_email.toLowerCase();
    let pending: Invite | undefined;
    let created = false;
    try {
      const listing = await admin.listInvites();
      pending = listing.find((i) => i.email.toLowerCase() === email && isLivePending(i, clock.now()));
      if (!pending) {
        pending = await admin.createInvite({
          email: first.requester_email,
          role: 'reader',
          projects: mergeInviteProjects(
            [],
            requests.map((r) => ({ projectId: r.project_id, role: r.role })),
          ),
        });
        created = true;
      }
    } catch (error) {
      const message = error instanceof AdminApiError ? error.message : String(error);
      logger.warn(`Could not invite ${email}: ${message}`);
      for (const r of requests) {
        await setLastError(db, r.id, `Sending the OpenAI invite failed: ${message}`, clock.now());
        await messages.refreshAll(r.id);
      }
      // Told once per request, when it first fails; the sweep's retries stay quiet.
      const firstFailures = requests.filter((r) => !r.last_error);
      if (firstFailures.length === 0) return;
      await this.tell(firstFailures, (request, audience) => ({
        kind: 'request.invite_failed',
        request,
        audience,
        email,
        problem: message,
      }));
      return;
    }
    await linkPreAssignments(db, {
      invite: pending,
      created,
      requestIds: requests.map((r) => r.id),
      email,
      at: clock.now(),
    });
    for (const r of requests) await messages.refreshAll(r.id);
    const invite = pending;
    // Only the requester: the approver's copy, refreshed above, already says when the invite went out.
    for (const request of requests) {
      await this.deps.notifier
        .toPerson(request.requester_slack_id, {
          kind: 'request.pre_assigned',
          request,
          email,
          inviteCreated: created,
          invitedAt: new Date(invite.created_at * 1000),
          expiresAt: invite.expires_at ? new Date(invite.expires_at * 1000) : null,
        })
        .catch((error: unknown) =>
          this.deps.logger.warn(`Could not DM ${request.requester_slack_id}: ${String(error)}`),
        );
    }
  }

  /** Tells each requester and their approver, in words meant for each. */
  private async tell(
    requests: readonly AccessRequest[],
    notice: (r: AccessRequest, audience: 'requester' | 'approver') => RequestNotice,
  ): Promise<void> {
    for (const r of requests) {
      const decision = await findDecision(this.deps.db, r.id);
      const people: [string, 'requester' | 'approver'][] = [[r.requester_slack_id, 'requester']];
      if (decision && decision.decided_by !== r.requester_slack_id)
        people.push([decision.decided_by, 'approver']);
      for (const [person, audience] of people) {
        await this.deps.notifier
          .toPerson(person, notice(r, audience))
          .catch((error: unknown) => this.deps.logger.warn(`Could not DM ${person}: ${String(error)}`));
      }
    }
  }

  /**
   * "Re-send invite" / "Re-invite": delete the old invite (if it can be), create one carrying
   * its projects plus every waiting pre-assignment, and move the pre-assignments over. The
   * status change of the tracked invite is the lock: a double click re-sends once.
   */
  async resend(inviteId: string, clickerSlackId: string): Promise<ClickAnswer> {
    const { db, admin, clock, logger, notifier } = this.deps;
    if (!this.deps.botAdmins.includes(clickerSlackId)) {
      return refuse({ kind: 'admins_only', action: 'resend_invite', botAdmins: this.deps.botAdmins });
    }
    const tracked = await findTrackedInvite(db, inviteId);
    if (!tracked) return refuse({ kind: 'unknown_invite', inviteId });
    if (tracked.status === 'accepted') {
      return refuse({ kind: 'invite_accepted', email: tracked.email, meanwhile: false });
    }
    if (tracked.status === 'replaced') return refuse({ kind: 'invite_replaced', by: tracked.replaced_by });
    const claimed = await moveTrackedInvite(db, inviteId, tracked.status, 'replaced', clock.now());
    if (!claimed) return refuse({ kind: 'resend_in_progress' });

    return this.serialised(tracked.email, async () => {
      // Undo the claim: the old invite stays what it was, and the sweep keeps watching it.
      const unclaim = () => moveTrackedInvite(db, inviteId, 'replaced', tracked.status, clock.now());
      let live: Invite | undefined;
      try {
        live = await admin.getInvite(inviteId);
      } catch (error) {
        await unclaim();
        const message = error instanceof AdminApiError ? error.message : String(error);
        return refuse({ kind: 'resend_failed', problem: message, outcome: 'nothing_changed' });
      }
      if (live?.status === 'accepted') {
        await moveTrackedInvite(db, inviteId, 'replaced', 'pending', clock.now());
        return refuse({ kind: 'invite_accepted', email: tracked.email, meanwhile: true });
      }
      // In the org already (another invite, SSO): OpenAI refuses to invite them; what waits is added now.
      let member: OrgUser | undefined;
      try {
        member = await admin.findUserByEmail(tracked.email);
      } catch (error) {
        await unclaim();
        const message = error instanceof AdminApiError ? error.message : String(error);
        return refuse({ kind: 'resend_failed', problem: message, outcome: 'nothing_changed' });
      }
      if (member) return applyToMember(this.deps, { tracked, member, clickerSlackId, unclaim });
      const waiting = await waitingOnInvite(db, tracked.email);
      // An invite sent by hand keeps what it had: its projects and its org role.
      const projects = mergeInviteProjects(
        live?.projects ?? inviteProjectsOf(tracked),
        waiting.map((r) => ({ projectId: r.project_id, role: r.role })),
      );
      const role = live?.role === 'owner' ? 'owner' : 'reader';
      let fresh: Invite;
      let deleted = !live;
      try {
        if (live) await admin.deleteInvite(inviteId);
        deleted = true;
        fresh = await admin.createInvite({ email: tracked.email, role, projects });
      } catch (error) {
        const message = error instanceof AdminApiError ? error.message : String(error);
        logger.warn(`Re-sending the invite of ${tracked.email} failed: ${message}`);
        if (!deleted) {
          await unclaim();
          return refuse({ kind: 'resend_failed', problem: message, outcome: 'kept' });
        }
        if (waiting.length === 0) {
          // Nothing of the bot's waits on it, so no sweep would send one: the row is pending again
          // (its invite is gone), so a second click re-sends and the next sweep offers Re-invite.
          await unclaim();
          return refuse({ kind: 'resend_failed', problem: message, outcome: 'deleted_not_sent' });
        }
        // Pre-assignments lose their invite link; the sweep lists and re-creates or re-links.
        await linkInvite(
          db,
          waiting.map((r) => r.id),
          null,
          clock.now(),
        );
        return refuse({ kind: 'resend_failed', problem: message, outcome: 'retried' });
      }
      await recordResentInvite(db, {
        old: { inviteId, status: tracked.status },
        fresh,
        requestIds: waiting.map((r) => r.id),
        projects,
        actor: clickerSlackId,
        at: clock.now(),
      });
      // Their copies say when the invite went out: now it is the new one.
      for (const r of waiting) await this.deps.messages.refreshAll(r.id);
      if (tracked.nudge_channel && tracked.nudge_ts) {
        const newExpiry = fresh.expires_at ? new Date(fresh.expires_at * 1000).toISOString() : null;
        await notifier
          .replace(
            { channel: tracked.nudge_channel, ts: tracked.nudge_ts },
            { kind: 'invite.replaced', invite: tracked, by: clickerSlackId, at: clock.now(), newExpiry },
          )
          .catch((error: unknown) => logger.warn(`Could not update the invite message: ${String(error)}`));
      }
      if (tracked.digest_id) await this.deps.digests.refresh(tracked.digest_id);
      return { ok: true };
    });
  }

  /** `/access invites`: every pending org invite, oldest first, with what waits on it. Admins only. */
  overview(clickerSlackId: string, stallAfterHours: number): Promise<InvitesOverview> {
    return invitesOverview(this.deps, clickerSlackId, stallAfterHours);
  }
}
