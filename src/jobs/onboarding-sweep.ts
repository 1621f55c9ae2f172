import { randomUUID } from 'node:crypto';
import { runUnderLease } from '../db/leases.js';
import type { CoreDeps } from '../services/core-deps.js';
import type { OnboardingService } from '../services/onboardings.js';

export interface OnboardingSweepReport {
  ran: boolean;
  /** Onboardings a crash, a restart or a Retry left with steps to do, worked on by this run. */
  resumed: number;
  steps: number;
  failures: { subject: string; error: string }[];
}

/**
 * Every SWEEP_INTERVAL_SECONDS (and soon after start): resumes group onboardings left running,
 * at the first unfinished step of each (each run also holds its onboarding's own lease, so a run
 * started by a command is never doubled), and renders card changes not shown yet.
 */
export class OnboardingSweep {
  readonly owner = `sweeper-${randomUUID()}`;

  constructor(
    private readonly deps: Pick<CoreDeps, 'db' | 'clock' | 'logger'> & {
      onboardings: OnboardingService;
      leaseSeconds: number;
    },
  ) {}

  async run(): Promise<OnboardingSweepReport> {
    const { db, clock } = this.deps;
    const report: OnboardingSweepReport = { ran: false, resumed: 0, steps: 0, failures: [] };
    const ran = await runUnderLease(
      { db, clock, name: 'onboardings', owner: this.owner, seconds: this.deps.leaseSeconds },
      async () => {
        try {
          Object.assign(report, await this.deps.onboardings.sweep());
        } catch (error) {
          report.failures.push({ subject: 'onboardings', error: String(error) });
        }
        return true;
      },
    );
    report.ran = ran === true;
    return report;
  }
}
