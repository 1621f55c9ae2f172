import { randomUUID } from 'node:crypto';
import { subMinutes } from 'date-fns/subMinutes';
import { interruptedRequests, waitingOnInvite } from '../db/access-requests.js';
import { runUnderLease } from '../db/leases.js';
import { allAwaitingInvite, unlinkedPreAssignments } from '../db/request-lists.js';
import type { AccessRequest, TrackedInvite } from '../db/schema.js';
import { moveTrackedInvite, trackedInvitesIn, trackInvitesSentByHand } from '../db/tracked-invites.js';
import { inviteHealth, isLivePending, mergeInviteProjects, nudgeDue } from '../domain/invite-rules.js';
import type { Invite, OrgUser } from '../openai/admin-types.js';
import type { CoreDeps } from '../services/core-deps.js';
import type { InviteDigests } from '../services/invite-digests.js';
import type { InviteService } from '../services/invites.js';
import type { PreAssignmentResult, PreAssignments } from '../services/pre-assignments.js';
import { remember, requestersWhoAreMembers } from '../services/remember-people.js';
import type { RequestApplier } from '../services/request-applier.js';
import { type DueNudge, InviteNudges, type NudgeReport } from './invite-nudges.js';

export interface InviteSweepReport extends NudgeReport {
  ran: boolean;
  invitesListed: number;
  accepted: number;
  applied: number;
  /** Invitees who became org users without the invite the bot watched (another invite, SSO). */
  joined: number;
  closed: number;
  resumed: number;
}

const LEASE = 'invites';

/** What one sweep learnt from OpenAI, read once and shared by every step. */
interface SweepView {
  /** Org users among the emails pre-assignments wait on, by lowercased email. */
  members: Map<string, OrgUser>;
  /** What the accepted invites of each email granted, so nothing is added twice. */
  acceptedProjects: Map<string, Invite['projects']>;
  due: DueNudge[];
}

/**
 * Every SWEEP_INTERVAL_SECONDS: lists the org's invites once, starts watching those sent by hand
 * once they stall, completes pre-assignments of people now in the org (by whichever invite),
 * nudges about stalled invites, reports expired or vanished ones, and finishes approvals a crash
 * interrupted. All progress is in the database, so a sweep that dies midway is resumed by the
 * next one and nothing is said or applied twice.
 */
export class InviteSweep {
  readonly owner = `sweeper-${randomUUID()}`;
  readonly #nudges: InviteNudges;

  constructor(
    private readonly deps: CoreDeps & {
      invites: InviteService;
      applier: RequestApplier;
      preAssignments: PreAssignments;
      digests: InviteDigests;
      stallAfterHours: number;
      leaseSeconds: number;
      /** After each sweep: what waits to be shown of what it applied (group onboarding cards, batched). */
      afterSweep?: () => Promise<void>;
    },
  ) {
    this.#nudges = new InviteNudges(deps);
  }

  async run(): Promise<InviteSweepReport> {
    const { db, admin, clock } = this.deps;
    const report: InviteSweepReport = {
      ran: false,
      invitesListed: 0,
      accepted: 0,
      applied: 0,
      joined: 0,
      nudged: 0,
      digested: 0,
      reminded: 0,
      closed: 0,
      resumed: 0,
      failures: [],
    };
    const ran = await runUnderLease(
      { db, clock, name: LEASE, owner: this.owner, seconds: this.deps.leaseSeconds },
      async () => {
        await this.resumeInterruptedApprovals(report);
        const invites = await admin.listInvites();
        report.invitesListed = invites.length;
        await this.watchStalledSentByHand(invites);
        const view = await this.viewOf(invites);
        await this.attachUnlinked(view, report);
        const byId = new Map(invites.map((invite) => [invite.id, invite]));
        for (const tracked of await trackedInvitesIn(db, 'pending')) {
          try {
            await this.sweepInvite(tracked, byId.get(tracked.invite_id), view, report);
          } catch (error) {
            report.failures.push({ subject: tracked.invite_id, error: String(error) });
            this.deps.logger.error(`Invite sweep failed for ${tracked.invite_id}: ${String(error)}`);
          }
        }
        await this.joinedAnotherWay(view, report);
        await this.#nudges.nudge(view.due, report);
        await this.deps.digests.refreshAll();
        await this.#nudges.remindInvitees(report);
        await this.deps.afterSweep?.();
        return true;
      },
    );
    report.ran = ran === true;
    return report;
  }

  /**
   * Work a stopped process left half done: approved but never applied (it stopped between the
   * decision and the change, or before the change was recorded), or applied but never
   * announced (it stopped before Slack was told). Applying looks before it adds, so it is safe
   * to run again.
   */
  private async resumeInterruptedApprovals(report: InviteSweepReport): Promise<void> {
    const { db, clock, applier } = this.deps;
    const { unapplied, unannounced } = await interruptedRequests(db, subMinutes(clock.now(), 2));
    for (const request of unapplied) {
      await applier.apply(request);
      report.resumed += 1;
    }
    for (const request of unannounced) {
      await applier.announceApplied(request);
      report.resumed += 1;
    }
  }

  /**
   * Admins send most invites by hand, from OpenAI's dashboard: once one of those stalls, the
   * bot tracks it like its own, so it is nudged about too. Tracking an invite twice does nothing.
   */
  private async watchStalledSentByHand(invites: readonly Invite[]): Promise<void> {
    const { db, clock, stallAfterHours } = this.deps;
    const now = clock.now();
    const stalled = (invite: Invite) =>
      inviteHealth({ invitedAt: new Date(invite.created_at * 1000), expiresAt: null }, now, stallAfterHours)
        .stalled;
    await trackInvitesSentByHand(
      db,
      invites.filter((invite) => isLivePending(invite, now) && stalled(invite)),
      now,
    );
  }

  /**
   * Which people pre-assignments wait on are org users now: one filtered listing of users for
   * all of them (a few calls per sweep), not one look-up per person.
   */
  private async viewOf(invites: readonly Invite[]): Promise<SweepView> {
    const waiting = await allAwaitingInvite(this.deps.db);
    const members = await this.deps.admin.findUsersByEmails(waiting.map((r) => r.requester_email));
    await remember(this.deps, requestersWhoAreMembers(waiting, members));
    // Only an invite accepted since the oldest request waiting for that email counts: an old
    // one (of someone who left the org and came back) says nothing about today's membership.
    const waitingSince = new Map<string, number>();
    for (const r of waiting) {
      const email = r.requester_email.toLowerCase();
      const at = Date.parse(r.created_at);
      waitingSince.set(email, Math.min(waitingSince.get(email) ?? at, at));
    }
    const acceptedProjects = new Map<string, Invite['projects']>();
    for (const invite of invites.filter((i) => i.status === 'accepted')) {
      const email = invite.email.toLowerCase();
      const since = waitingSince.get(email);
      if (since === undefined || invite.accepted_at == null || invite.accepted_at * 1000 < since) continue;
      const granted = invite.projects.map((p) => ({ projectId: p.id, role: p.role }));
      acceptedProjects.set(email, mergeInviteProjects(acceptedProjects.get(email) ?? [], granted));
    }
    return { members, acceptedProjects, due: [] };
  }

  /** Pre-assignments without an invite: the create failed or its outcome was unknown. */
  private async attachUnlinked(view: SweepView, report: InviteSweepReport): Promise<void> {
    const byEmail = new Map<string, AccessRequest[]>();
    for (const r of await unlinkedPreAssignments(this.deps.db)) {
      const email = r.requester_email.toLowerCase();
      byEmail.set(email, [...(byEmail.get(email) ?? []), r]);
    }
    for (const [email, requests] of byEmail) {
      try {
        // Someone in the org already needs no invite: joinedAnotherWay applies these below.
        if (!view.members.has(email)) await this.deps.invites.attachToInvite(requests);
        report.resumed += requests.length;
      } catch (error) {
        report.failures.push({ subject: email, error: String(error) });
      }
    }
  }

  private async sweepInvite(
    tracked: TrackedInvite,
    live: Invite | undefined,
    view: SweepView,
    report: InviteSweepReport,
  ) {
    const now = this.deps.clock.now();
    if (live?.status === 'accepted') return this.completeAcceptance(tracked, live, view, report);
    const member = view.members.get(tracked.email);
    if (member) return this.joined(tracked, member, view, report);
    if (!live) return this.close(tracked, 'gone', report);
    const health = inviteHealth(
      {
        invitedAt: new Date(tracked.invited_at),
        expiresAt: live.expires_at != null ? new Date(live.expires_at * 1000) : null,
      },
      now,
      this.deps.stallAfterHours,
    );
    if (live.status === 'expired' || health.expired) return this.close(tracked, 'expired', report);
    // An invite in a digest is shown there, updated in place; it gets no card of its own.
    if (
      health.stalled &&
      !tracked.digest_id &&
      nudgeDue(tracked.last_nudged_at ? new Date(tracked.last_nudged_at) : null, now)
    ) {
      view.due.push({ tracked, health });
    }
  }

  private async completeAcceptance(
    tracked: TrackedInvite,
    live: Invite,
    view: SweepView,
    report: InviteSweepReport,
  ): Promise<void> {
    const { db, clock } = this.deps;
    const waiting = await waitingOnInvite(db, tracked.email);
    if (waiting.length > 0) {
      const user = view.members.get(tracked.email);
      // OpenAI can report the invite accepted a moment before the user is listed: next sweep.
      if (!user) return;
      if (!this.tally(await this.deps.preAssignments.applyAll(waiting, user.id, live.projects), report)) {
        return;
      }
    }
    if (
      !(await moveTrackedInvite(db, tracked.invite_id, 'pending', 'accepted', clock.now(), {
        accepted_at: live.accepted_at
          ? new Date(live.accepted_at * 1000).toISOString()
          : clock.now().toISOString(),
      }))
    ) {
      return;
    }
    report.accepted += 1;
    await this.#nudges.updateCard(tracked, {
      kind: 'invite.accepted',
      email: tracked.email,
      waitingAdded: waiting.length > 0,
    });
  }

  /**
   * The invitee is an org user, but not through this invite (a new one sent by hand, SSO): what
   * waits on them is applied, and the invite is no longer nudged about or reported as closed.
   */
  private async joined(
    tracked: TrackedInvite,
    member: OrgUser,
    view: SweepView,
    report: InviteSweepReport,
  ): Promise<void> {
    const { db, clock, preAssignments } = this.deps;
    const waiting = await waitingOnInvite(db, tracked.email);
    const projects = view.acceptedProjects.get(tracked.email) ?? [];
    if (!this.tally(await preAssignments.applyAll(waiting, member.id, projects), report)) return;
    if (!(await moveTrackedInvite(db, tracked.invite_id, 'pending', 'joined', clock.now()))) return;
    report.joined += 1;
    await this.#nudges.updateCard(tracked, { kind: 'invite.joined', invite: tracked, applied: waiting });
  }

  /**
   * Pre-assignments of people who are org users now, whose invite the bot no longer watches
   * (it expired or vanished, and they were invited again by hand): applied, whichever invite
   * got them in.
   */
  private async joinedAnotherWay(view: SweepView, report: InviteSweepReport): Promise<void> {
    const byEmail = new Map<string, AccessRequest[]>();
    for (const r of await allAwaitingInvite(this.deps.db)) {
      const email = r.requester_email.toLowerCase();
      if (view.members.has(email)) byEmail.set(email, [...(byEmail.get(email) ?? []), r]);
    }
    for (const [email, requests] of byEmail) {
      const member = view.members.get(email) as OrgUser;
      const result = await this.deps.preAssignments.applyAll(
        requests,
        member.id,
        view.acceptedProjects.get(email) ?? [],
      );
      this.tally(result, report);
      if (result.applied.length > 0) report.joined += 1;
    }
  }

  private async close(tracked: TrackedInvite, reason: 'expired' | 'gone', report: InviteSweepReport) {
    if (await this.#nudges.close(tracked, reason)) report.closed += 1;
  }

  /** Counts what applying did into the report; true when nothing failed. */
  private tally(result: PreAssignmentResult, report: InviteSweepReport): boolean {
    report.applied += result.applied.length;
    report.failures.push(...result.failures);
    return result.failures.length === 0;
  }
}
