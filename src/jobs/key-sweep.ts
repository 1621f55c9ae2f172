import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { runUnderLease } from '../db/leases.js';
import type { KeyHygiene, KeyRunReport } from '../services/key-hygiene.js';

const LEASE = 'keys';
/** How often the schedule is looked at; the report itself goes out every KEY_REPORT_INTERVAL_DAYS. */
export const KEY_SWEEP_CHECK_SECONDS = 3600;

/**
 * The key-hygiene run under a lease, when due: the last report's time is kept in the database,
 * so restarts and several replicas still report once per KEY_REPORT_INTERVAL_DAYS.
 */
export class KeySweep {
  readonly owner = `key-sweeper-${randomUUID()}`;

  constructor(private readonly deps: { db: Db; clock: Clock; hygiene: KeyHygiene; leaseSeconds: number }) {}

  async run(): Promise<KeyRunReport> {
    const { db, clock, hygiene, leaseSeconds } = this.deps;
    const report = await runUnderLease(
      { db, clock, name: LEASE, owner: this.owner, seconds: leaseSeconds },
      () => hygiene.runIfDue(),
    );
    return report ?? { ...skipped(), ran: false };
  }
}

function skipped(): KeyRunReport {
  return {
    ran: false,
    due: false,
    projects: 0,
    keys: 0,
    keyPages: 0,
    userPages: 0,
    memberLists: 0,
    findings: 0,
    newFindings: 0,
    stillOpen: 0,
    ownerMessages: 0,
    failures: [],
  };
}
