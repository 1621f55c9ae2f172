import { randomUUID } from 'node:crypto';
import type { ProjectRequests } from '../services/project-requests.js';

export interface ProjectPlanSweepReport {
  ran: boolean;
  resumed: number;
  failures: { subject: string; error: string }[];
}

/**
 * Resumes approved new-project and archive plans that nobody runs: a crash or a restart left
 * them. Each plan has its own lease (`runner_until`), so replicas running this at once take
 * different plans, and a plan still being run elsewhere is left alone until its lease lapses.
 */
export class ProjectPlanSweep {
  /** Plans have leases of their own; this names the runner in job reports. */
  readonly owner = `plans-${randomUUID()}`;

  constructor(private readonly projectRequests: ProjectRequests) {}

  async run(): Promise<ProjectPlanSweepReport> {
    try {
      return { ran: true, resumed: await this.projectRequests.resumeInterrupted(), failures: [] };
    } catch (error) {
      return { ran: true, resumed: 0, failures: [{ subject: 'project plans', error: String(error) }] };
    }
  }
}
