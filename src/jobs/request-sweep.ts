import { randomUUID } from 'node:crypto';
import { addDays } from 'date-fns/addDays';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { lastRunOf, recordRun } from '../db/job-runs.js';
import { runUnderLease } from '../db/leases.js';
import { pendingRequests, timeBoundGrants } from '../db/request-lists.js';
import { dueGrantStep, duePendingStep, type WaitingPolicy } from '../domain/request-timers.js';
import type { Logger } from '../logger.js';
import type { GrantService } from '../services/grants.js';
import type { OwnerHygiene } from '../services/owner-hygiene.js';
import type { RequestFollowups } from '../services/request-followups.js';

export interface RequestSweepReport {
  ran: boolean;
  reminded: number;
  escalated: number;
  expired: number;
  warned: number;
  removals: number;
  ownerCheck: boolean;
  failures: { subject: string; error: string }[];
}

const LEASE = 'requests';
const OWNER_CHECK = 'owner-hygiene';

/**
 * Every SWEEP_INTERVAL_SECONDS: moves undecided requests along (remind → escalate → expire),
 * warns about and ends time-bound grants, and once a week checks every project's owner count.
 * Each item is done and stamped on its own, so one failure never stops the rest.
 */
export class RequestSweep {
  readonly owner = `sweeper-${randomUUID()}`;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      followups: RequestFollowups;
      grants: GrantService;
      owners: OwnerHygiene;
      policy: WaitingPolicy;
      leaseSeconds: number;
    },
  ) {}

  async run(): Promise<RequestSweepReport> {
    const { db, clock } = this.deps;
    const report: RequestSweepReport = {
      ran: false,
      reminded: 0,
      escalated: 0,
      expired: 0,
      warned: 0,
      removals: 0,
      ownerCheck: false,
      failures: [],
    };
    const ran = await runUnderLease(
      { db, clock, name: LEASE, owner: this.owner, seconds: this.deps.leaseSeconds },
      async () => {
        await this.sweepPending(report);
        await this.sweepGrants(report);
        await this.weeklyOwnerCheck(report);
        return true;
      },
    );
    report.ran = ran === true;
    return report;
  }

  private async each<T extends { id: string }>(
    items: T[],
    report: RequestSweepReport,
    work: (item: T) => Promise<void>,
  ) {
    for (const item of items) {
      try {
        await work(item);
      } catch (error) {
        report.failures.push({ subject: item.id, error: String(error) });
        this.deps.logger.error(`Request sweep failed for ${item.id}: ${String(error)}`);
      }
    }
  }

  private async sweepPending(report: RequestSweepReport): Promise<void> {
    const { db, clock, followups, policy } = this.deps;
    const pending = await pendingRequests(db);
    await this.each(pending, report, async (request) => {
      const step = duePendingStep(
        {
          createdAt: new Date(request.created_at),
          remindedAt: request.reminded_at ? new Date(request.reminded_at) : null,
          escalatedAt: request.escalated_at ? new Date(request.escalated_at) : null,
        },
        clock.now(),
        policy,
      );
      if (step === 'remind') {
        await followups.remind(request);
        report.reminded += 1;
      } else if (step === 'escalate') {
        await followups.escalate(request);
        report.escalated += 1;
      } else if (step === 'expire') {
        await followups.expire(request, policy.ttlDays);
        report.expired += 1;
      }
    });
  }

  private async sweepGrants(report: RequestSweepReport): Promise<void> {
    const { db, clock, grants } = this.deps;
    const timeBound = await timeBoundGrants(db);
    await this.each(timeBound, report, async (grant) => {
      const step = dueGrantStep(
        {
          endsOn: grant.access_ends_on,
          warnedAt: grant.end_warned_at ? new Date(grant.end_warned_at) : null,
        },
        clock.now(),
      );
      if (step === 'warn') {
        await grants.warn(grant);
        report.warned += 1;
      } else if (step === 'remove') {
        await grants.remove(grant);
        report.removals += 1;
      }
    });
  }

  /** Weekly, measured from the last run stored in the database, so restarts do not reset it. */
  private async weeklyOwnerCheck(report: RequestSweepReport): Promise<void> {
    const { db, clock, owners } = this.deps;
    const now = clock.now();
    const last = await lastRunOf(db, OWNER_CHECK);
    if (last && now < addDays(last, 7)) return;
    await recordRun(db, OWNER_CHECK, now);
    try {
      await owners.checkAll();
      report.ownerCheck = true;
    } catch (error) {
      report.failures.push({ subject: OWNER_CHECK, error: String(error) });
    }
  }
}
