import type { Clock } from '../clock.js';
import { backlogCounts } from '../db/backlog-queries.js';
import type { Db } from '../db/database.js';
import type { Backlog } from '../metrics.js';
import type { BudgetReport } from './budget-report.js';

/**
 * How much waits right now, read from the database at each /metrics scrape: requests without a
 * decision, approvals waiting on an invite, stalled invites, and projects whose stored spend this
 * period reached their soft budget (no Admin API call: costs as of the last budget sweep).
 */
export function backlogReader(deps: {
  db: Db;
  clock: Clock;
  stallAfterHours: number;
  budgetReport: Pick<BudgetReport, 'countOver'>;
}): () => Promise<Backlog> {
  return async () => {
    const [counts, projectsOverBudget] = await Promise.all([
      backlogCounts(deps.db, deps.clock.now(), deps.stallAfterHours),
      deps.budgetReport.countOver(100),
    ]);
    return { ...counts, projectsOverBudget };
  };
}
