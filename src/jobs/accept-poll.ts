import {
  anythingWaitsOnInvite,
  invitesLastListedAt,
  pendingTrackedInvitesOf,
  recordInvitesListed,
} from '../db/accept-poll-queries.js';
import { waitingOnInvite } from '../db/access-requests.js';
import { runUnderLease } from '../db/leases.js';
import { allAwaitingInvite } from '../db/request-lists.js';
import type { AccessRequest, TrackedInvite } from '../db/schema.js';
import { moveTrackedInvite } from '../db/tracked-invites.js';
import { acceptedWhileWaiting, acceptPollDue } from '../domain/accept-poll-rules.js';
import type { Invite } from '../openai/admin-types.js';
import type { CoreDeps } from '../services/core-deps.js';
import type { InviteDigests } from '../services/invite-digests.js';
import type { PreAssignments } from '../services/pre-assignments.js';
import { InviteNudges } from './invite-nudges.js';
import type { Sweep, SweepReport } from './sweep-runs.js';

/** The invite sweep's lease: a poll and a full sweep never run at once, on any replica. */
const INVITE_SWEEP_LEASE = 'invites';

/**
 * How often the scheduler asks the poll whether the invites are due to be listed: a sixth of
 * ACCEPT_POLL_SECONDS (at least 1 s). Asking is a database look-up; listing happens once per
 * ACCEPT_POLL_SECONDS, and a listing by a full sweep or another replica (whose timers run on
 * phases of their own) delays the next one by at most a tick, not by a whole interval.
 */
export function acceptPollTickSeconds(pollSeconds: number): number {
  return Math.max(1, Math.round(pollSeconds / 6));
}

/** What a poll did, or why it did not list: `listed` is the only outcome that called OpenAI. */
export interface AcceptPollReport {
  outcome: 'nothing-waits' | 'not-due' | 'sweep-running-here' | 'lease-held-elsewhere' | 'listed';
  invitesListed: number;
  /** People whose accepted invite let their waiting access be applied. */
  accepted: number;
  applied: number;
  failures: { subject: string; error: string }[];
}

/**
 * The acceptance poll, a light invite sweep listing every ACCEPT_POLL_SECONDS: while anything waits
 * on an invite, it lists the org's invites (one paged listing) and applies the pre-assignments of
 * people whose invite shows as accepted, telling them and their approver exactly as the full
 * sweep does (PreAssignments), and marking the watched invite accepted (its admin card updated).
 * Nothing else: nudges, digests, reminders, closing expired invites and resuming interrupted work
 * stay with the full sweep on SWEEP_INTERVAL_SECONDS. With nothing waiting it costs one database
 * look-up and no call to OpenAI.
 *
 * It runs under the invite sweep's lease and skips when the invites were listed less than an
 * interval ago (by a poll or a sweep, on any replica; checked again once the lease is held), so
 * several replicas list once per interval between them, and a poll never runs beside a sweep.
 */
export class AcceptPoll {
  readonly #nudges: InviteNudges;
  /** The poll or sweep running in this process: both use one lease owner, so they take turns here. */
  #busy: Promise<unknown> | undefined;

  constructor(
    private readonly deps: CoreDeps & {
      preAssignments: PreAssignments;
      digests: InviteDigests;
      /** The invite sweep's lease owner: the lease says "this replica works on invites". */
      owner: string;
      leaseSeconds: number;
      pollSeconds: number;
    },
  ) {
    this.#nudges = new InviteNudges(deps);
  }

  /**
   * `sweep` (the full invite sweep) taking turns with the poll in this process: it waits for a
   * poll under way instead of being skipped, and records that it listed the invites, so the next
   * poll waits a whole interval after it.
   */
  alongside<R extends SweepReport>(sweep: Sweep<R>): Sweep<R> {
    return {
      owner: sweep.owner,
      run: () =>
        this.#exclusive(async () => {
          const startedAt = this.deps.clock.now();
          const report = await sweep.run();
          if (report.ran) await recordInvitesListed(this.deps.db, startedAt);
          return report;
        }),
    };
  }

  async run(): Promise<AcceptPollReport> {
    const { db, clock, admin, owner, leaseSeconds } = this.deps;
    const report: AcceptPollReport = {
      outcome: 'nothing-waits',
      invitesListed: 0,
      accepted: 0,
      applied: 0,
      failures: [],
    };
    if (!(await anythingWaitsOnInvite(db, clock.now()))) return report;
    report.outcome = 'not-due';
    if (!(await this.#due())) return report;
    if (this.#busy) return { ...report, outcome: 'sweep-running-here' };
    return this.#exclusive(async () => {
      const held = await runUnderLease(
        { db, clock, name: INVITE_SWEEP_LEASE, owner, seconds: leaseSeconds },
        async () => {
          // Another replica may have listed between the first look and the lease.
          if (!(await this.#due())) return true;
          const listedAt = clock.now();
          const invites = await admin.listInvites();
          await recordInvitesListed(db, listedAt);
          report.outcome = 'listed';
          report.invitesListed = invites.length;
          await this.#applyAccepted(invites, report);
          return true;
        },
      );
      if (!held) report.outcome = 'lease-held-elsewhere';
      if (report.outcome === 'listed') {
        this.deps.logger.debug(
          `Accept poll listed ${report.invitesListed} invites: ${report.accepted} accepted, ${report.applied} applied, ${report.failures.length} failed`,
        );
      }
      return report;
    });
  }

  async #due(): Promise<boolean> {
    const { db, clock, pollSeconds } = this.deps;
    return acceptPollDue(await invitesLastListedAt(db), clock.now(), pollSeconds);
  }

  /** Runs `work` once nothing else of this process works on invites. */
  async #exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.#busy) await this.#busy.catch(() => undefined);
    const running = work();
    this.#busy = running;
    try {
      return await running;
    } finally {
      if (this.#busy === running) this.#busy = undefined;
    }
  }

  /**
   * The pre-assignments of each person whose invite shows as accepted: their org user id comes
   * from one filtered listing of users for all of them (only when someone accepted), then each is
   * applied as the full sweep applies it. A person OpenAI does not list yet waits for the next poll.
   */
  async #applyAccepted(invites: readonly Invite[], report: AcceptPollReport): Promise<void> {
    const { db, admin, logger } = this.deps;
    const accepted = acceptedWhileWaiting(invites, await allAwaitingInvite(db));
    if (accepted.size === 0) return;
    const emails = [...accepted.keys()];
    const members = await admin.findUsersByEmails(emails);
    const tracked = await pendingTrackedInvitesOf(db, emails);
    const live = new Map(invites.map((invite) => [invite.id, invite]));
    for (const [email, projects] of accepted) {
      const user = members.get(email);
      if (!user) continue;
      try {
        const waiting = await waitingOnInvite(db, email);
        const result = await this.deps.preAssignments.applyAll(waiting, user.id, projects);
        report.applied += result.applied.length;
        report.failures.push(...result.failures);
        // As in the full sweep: the invite stays watched until everything waiting is in.
        if (result.failures.length > 0) continue;
        report.accepted += 1;
        for (const invite of tracked.filter((t) => t.email === email)) {
          await this.#settle(invite, live.get(invite.invite_id), waiting);
        }
      } catch (error) {
        report.failures.push({ subject: email, error: String(error) });
        logger.error(`Accept poll failed for an invitee: ${String(error)}`);
      }
    }
  }

  /**
   * The watched invite is done with, as the full sweep marks it: accepted (or joined, when the
   * person got in through another invite), its admin card and digest updated in place.
   */
  async #settle(tracked: TrackedInvite, live: Invite | undefined, waiting: AccessRequest[]): Promise<void> {
    const { db, clock, digests } = this.deps;
    const now = clock.now();
    if (live?.status === 'accepted') {
      const acceptedAt = live.accepted_at ? new Date(live.accepted_at * 1000) : now;
      if (
        await moveTrackedInvite(db, tracked.invite_id, 'pending', 'accepted', now, {
          accepted_at: acceptedAt.toISOString(),
        })
      ) {
        await this.#nudges.updateCard(tracked, {
          kind: 'invite.accepted',
          email: tracked.email,
          waitingAdded: waiting.length > 0,
        });
      }
    } else if (await moveTrackedInvite(db, tracked.invite_id, 'pending', 'joined', now)) {
      await this.#nudges.updateCard(tracked, { kind: 'invite.joined', invite: tracked, applied: waiting });
    }
    if (tracked.digest_id) await digests.refresh(tracked.digest_id);
  }
}
