import type { Clock } from '../clock.js';
import { backlogCounts } from '../db/backlog-queries.js';
import type { Db } from '../db/database.js';
import type { Backlog } from '../metrics.js';
import type { BudgetReport } from './budget-report.js';

/**
 * How long the over-budget count is reused: it reads every budget and this period's stored
 * costs, which change only when the budget sweep stores costs (hourly) or a budget is edited,
 * while Prometheus scrapes every 15–60 s.
 */
const OVER_BUDGET_REUSE_MS = 60_000;

/**
 * How much waits right now, read from the database at each /metrics scrape: requests without a
 * decision, approvals waiting on an invite, stalled invites (two counts on indexed columns), and
 * projects whose stored spend this period reached their soft budget (no Admin API call: costs as
 * of the last budget sweep).
 */
export function backlogReader(deps: {
  db: Db;
  clock: Clock;
  stallAfterHours: number;
  budgetReport: Pick<BudgetReport, 'countOver'>;
}): () => Promise<Backlog> {
  let overBudget: { at: number; count: number } | undefined;
  const projectsOverBudget = async (now: Date): Promise<number> => {
    const at = now.getTime();
    if (overBudget && at >= overBudget.at && at - overBudget.at < OVER_BUDGET_REUSE_MS)
      return overBudget.count;
    const count = await deps.budgetReport.countOver(100);
    overBudget = { at, count };
    return count;
  };
  return async () => {
    const now = deps.clock.now();
    const [counts, over] = await Promise.all([
      backlogCounts(deps.db, now, deps.stallAfterHours),
      projectsOverBudget(now),
    ]);
    return { ...counts, projectsOverBudget: over };
  };
}
