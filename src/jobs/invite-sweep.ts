import { randomUUID } from 'node:crypto';
import { subMinutes } from 'date-fns/subMinutes';
import {
  claimAppliedAnnouncement,
  findDecision,
  interruptedRequests,
  setLastError,
  transitionRequest,
  waitingOnInvite,
} from '../db/access-requests.js';
import { runUnderLease } from '../db/leases.js';
import { unlinkedPreAssignments } from '../db/request-lists.js';
import type { AccessRequest, TrackedInvite } from '../db/schema.js';
import { moveTrackedInvite, trackedInvitesIn, updateTrackedInvite } from '../db/tracked-invites.js';
import { grantedByInvite, inviteHealth, nudgeDue } from '../domain/invite-rules.js';
import { AdminApiError } from '../openai/admin-errors.js';
import type { Invite } from '../openai/admin-types.js';
import type { CoreDeps } from '../services/core-deps.js';
import type { InviteService } from '../services/invites.js';
import type { InviteNotice } from '../services/notices.js';
import { membershipBeforeOf, type RequestApplier } from '../services/request-applier.js';
import type { RequestMessages } from '../services/request-messages.js';

export interface InviteSweepReport {
  ran: boolean;
  invitesListed: number;
  accepted: number;
  applied: number;
  nudged: number;
  closed: number;
  resumed: number;
  failures: { subject: string; error: string }[];
}

const LEASE = 'invites';

/**
 * Every SWEEP_INTERVAL_SECONDS: lists the org's invites once, completes pre-assignments of
 * accepted ones, nudges about stalled ones, reports expired or vanished ones, and finishes
 * approvals a crash interrupted. All progress is in the database, so a sweep that dies
 * midway is resumed by the next one and nothing is said or applied twice.
 */
export class InviteSweep {
  readonly owner = `sweeper-${randomUUID()}`;

  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      invites: InviteService;
      applier: RequestApplier;
      stallAfterHours: number;
      leaseSeconds: number;
    },
  ) {}

  async run(): Promise<InviteSweepReport> {
    const { db, admin, clock } = this.deps;
    const report: InviteSweepReport = {
      ran: false,
      invitesListed: 0,
      accepted: 0,
      applied: 0,
      nudged: 0,
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
        await this.attachUnlinked(report);
        const byId = new Map(invites.map((invite) => [invite.id, invite]));
        for (const tracked of await trackedInvitesIn(db, 'pending')) {
          try {
            await this.sweepInvite(tracked, byId.get(tracked.invite_id), report);
          } catch (error) {
            report.failures.push({ subject: tracked.invite_id, error: String(error) });
            this.deps.logger.error(`Invite sweep failed for ${tracked.invite_id}: ${String(error)}`);
          }
        }
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

  /** Pre-assignments without an invite: the create failed or its outcome was unknown. */
  private async attachUnlinked(report: InviteSweepReport): Promise<void> {
    const { db, admin } = this.deps;
    const unlinked = await unlinkedPreAssignments(db);
    const byEmail = new Map<string, AccessRequest[]>();
    for (const r of unlinked) {
      const email = r.requester_email.toLowerCase();
      byEmail.set(email, [...(byEmail.get(email) ?? []), r]);
    }
    for (const [email, requests] of byEmail) {
      try {
        const user = await admin.findUserByEmail(email);
        if (user) {
          for (const r of requests) await this.applyWaiting(r, user.id, [], report);
        } else {
          await this.deps.invites.attachToInvite(requests);
        }
        report.resumed += requests.length;
      } catch (error) {
        report.failures.push({ subject: email, error: String(error) });
      }
    }
  }

  private async sweepInvite(tracked: TrackedInvite, live: Invite | undefined, report: InviteSweepReport) {
    const now = this.deps.clock.now();
    if (!live) return this.close(tracked, 'gone', report);
    if (live.status === 'accepted') return this.completeAcceptance(tracked, live, report);
    const health = inviteHealth(
      {
        invitedAt: new Date(tracked.invited_at),
        expiresAt: live.expires_at != null ? new Date(live.expires_at * 1000) : null,
      },
      now,
      this.deps.stallAfterHours,
    );
    if (live.status === 'expired' || health.expired) return this.close(tracked, 'expired', report);
    if (health.stalled && nudgeDue(tracked.last_nudged_at ? new Date(tracked.last_nudged_at) : null, now)) {
      await this.nudge(tracked, health, report);
    }
  }

  private async completeAcceptance(
    tracked: TrackedInvite,
    live: Invite,
    report: InviteSweepReport,
  ): Promise<void> {
    const { db, admin, clock, notifier, logger } = this.deps;
    const user = await admin.findUserByEmail(tracked.email);
    // OpenAI can report the invite accepted a moment before the user is listed: next sweep.
    if (!user) return;
    report.accepted += 1;
    const waiting = await waitingOnInvite(db, tracked.email);
    let allApplied = true;
    for (const request of waiting) {
      const ok = await this.applyWaiting(request, user.id, live.projects, report);
      allApplied &&= ok;
    }
    if (!allApplied) return;
    await moveTrackedInvite(db, tracked.invite_id, 'pending', 'accepted', clock.now(), {
      accepted_at: live.accepted_at
        ? new Date(live.accepted_at * 1000).toISOString()
        : clock.now().toISOString(),
    });
    if (tracked.nudge_channel && tracked.nudge_ts) {
      await notifier
        .replace(
          { channel: tracked.nudge_channel, ts: tracked.nudge_ts },
          { kind: 'invite.accepted', email: tracked.email },
        )
        .catch((error: unknown) => logger.warn(`Could not update the invite message: ${String(error)}`));
    }
  }

  /** Applies one pre-assignment for a user who is now an org member; false when it must be retried. */
  private async applyWaiting(
    request: AccessRequest,
    userId: string,
    inviteProjects: Invite['projects'],
    report: InviteSweepReport,
  ): Promise<boolean> {
    const { db, admin, clock, messages, notifier, logger } = this.deps;
    try {
      const byInvite = grantedByInvite(inviteProjects, { projectId: request.project_id, role: request.role });
      const result = byInvite
        ? ('granted_by_invite' as const)
        : await admin.ensureProjectMember(request.project_id, userId, request.role, { lookFirst: false });
      const outcome = result === 'granted_by_invite' ? result : result.outcome;
      const applied = await transitionRequest(db, {
        id: request.id,
        from: 'awaiting_invite',
        to: 'applied',
        actor: 'system',
        action: 'request.applied',
        at: clock.now(),
        set: { openai_user_id: userId, last_error: null, membership_before: membershipBeforeOf(result) },
        details: { outcome, invite_id: request.invite_id },
      });
      if (!applied) return true;
      report.applied += 1;
      await this.deps.applier.afterApplied(applied);
      await messages.refreshAll(request.id);
      if (!(await claimAppliedAnnouncement(db, request.id, clock.now()))) return true;
      await notifier
        .toPerson(request.requester_slack_id, {
          kind: 'request.applied_after_invite',
          request,
          audience: 'requester',
        })
        .catch((error: unknown) =>
          logger.warn(`Could not DM ${request.requester_slack_id}: ${String(error)}`),
        );
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
      return true;
    } catch (error) {
      const message = error instanceof AdminApiError ? error.message : String(error);
      await setLastError(db, request.id, message, clock.now());
      report.failures.push({ subject: request.id, error: message });
      return false;
    }
  }

  private async nudge(
    tracked: TrackedInvite,
    health: ReturnType<typeof inviteHealth>,
    report: InviteSweepReport,
  ): Promise<void> {
    const { db, notifier, people, clock, logger } = this.deps;
    const now = clock.now();
    // Written before sending: a crash right after posting must not post again on restart.
    await updateTrackedInvite(db, tracked.invite_id, {
      last_nudged_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    const waiting = await waitingOnInvite(db, tracked.email);
    const message: InviteNotice = { kind: 'invite.stalled', invite: tracked, health, waiting };
    try {
      if (tracked.nudge_channel && tracked.nudge_ts) {
        const card = { channel: tracked.nudge_channel, ts: tracked.nudge_ts };
        await notifier.replace(card, message);
        await notifier.inThread(card, { kind: 'invite.still_stalled', health });
      } else {
        await this.postAboutInvite(tracked, message);
      }
      report.nudged += 1;
    } catch (error) {
      // Not sent: forget the attempt so the next sweep tries again.
      await updateTrackedInvite(db, tracked.invite_id, { last_nudged_at: tracked.last_nudged_at });
      logger.warn(`Could not nudge the admins about ${tracked.email}: ${String(error)}`);
      return;
    }
    const invitee = await people.slackIdByEmail(tracked.email).catch(() => undefined);
    if (invitee) {
      await notifier
        .toPerson(invitee, { kind: 'invite.reminder', invite: tracked, waiting })
        .then(() => updateTrackedInvite(db, tracked.invite_id, { invitee_reminded_at: now.toISOString() }))
        .catch((error: unknown) => logger.warn(`Could not remind ${tracked.email}: ${String(error)}`));
    }
  }

  /** The first admin message about an invite; kept (when in a channel) so later ones update it in place. */
  private async postAboutInvite(tracked: TrackedInvite, message: InviteNotice): Promise<void> {
    const posted = await this.deps.notifier.toAdmins(message);
    if (posted) {
      await updateTrackedInvite(this.deps.db, tracked.invite_id, {
        nudge_channel: posted.channel,
        nudge_ts: posted.ts,
      });
    }
  }

  /** An invite that expired or vanished: offer admins a new one, tell the people waiting. */
  private async close(tracked: TrackedInvite, reason: 'expired' | 'gone', report: InviteSweepReport) {
    const { db, notifier, clock, logger } = this.deps;
    const now = clock.now();
    if (
      !(await moveTrackedInvite(db, tracked.invite_id, 'pending', reason, now, {
        closed_notified_at: now.toISOString(),
      }))
    ) {
      return;
    }
    report.closed += 1;
    const waiting = await waitingOnInvite(db, tracked.email);
    const message: InviteNotice = { kind: 'invite.closed', invite: tracked, reason, waiting };
    try {
      if (tracked.nudge_channel && tracked.nudge_ts) {
        await notifier.replace({ channel: tracked.nudge_channel, ts: tracked.nudge_ts }, message);
      } else {
        await this.postAboutInvite(tracked, message);
      }
    } catch (error) {
      logger.warn(
        `Could not tell the admins about the ${reason} invite of ${tracked.email}: ${String(error)}`,
      );
    }
    for (const requester of new Set(waiting.map((r) => r.requester_slack_id))) {
      await notifier
        .toPerson(requester, {
          kind: 'invite.closed_for_requester',
          email: tracked.email,
          reason,
          projectNames: waiting.filter((r) => r.requester_slack_id === requester).map((r) => r.project_name),
        })
        .catch((error: unknown) => logger.warn(`Could not DM ${requester}: ${String(error)}`));
    }
  }
}
