import { recordProjectChange } from '../db/audit-events.js';
import { dropPendingBudgetAlerts, forgetAlertsNotCalledFor } from '../db/budget-alerts.js';
import { deleteBudget, findBudget, saveBudget } from '../db/budgets.js';
import { storedCosts } from '../db/daily-costs.js';
import type { Db } from '../db/database.js';
import { alertsCalledFor } from '../domain/budget-alerts.js';
import type { BudgetChange } from '../domain/budget-form.js';
import { budgetPeriodAt, spendOutlook, utcDay } from '../domain/budget-period.js';
import { spendOf } from '../domain/daily-costs.js';

/** What the soft part of a change did: `nothing_to_remove` when there was no budget to remove. */
export type SoftResult = 'changed' | 'nothing_to_remove';

interface BudgetNumbers {
  amountCents: number;
  resetDay: number;
  thresholds: readonly number[];
}

const snapshot = (b: BudgetNumbers) => ({
  amount_cents: b.amountCents,
  reset_day: b.resetDay,
  thresholds: b.thresholds,
});

/**
 * Applies the soft-budget part of a change in one transaction: the budget row, its alerts
 * (re-armed after a change, unsent ones dropped after a removal) and the audit record, so a
 * crash never leaves a budget without its record or with alerts it no longer calls for.
 */
export async function applySoftBudget(
  db: Db,
  input: { slackId: string; change: BudgetChange; now: Date },
): Promise<SoftResult> {
  const { slackId, change, now } = input;
  const { projectId } = change;
  return db.transaction().execute(async (trx) => {
    const before = await findBudget(trx, projectId);
    const audit = (action: string, after: unknown) =>
      recordProjectChange(trx, {
        at: now,
        actor: slackId,
        action,
        projectId,
        before: before ? snapshot(before) : null,
        after,
      });
    if (change.soft.action === 'remove') {
      if (!before) return 'nothing_to_remove';
      await deleteBudget(trx, projectId);
      await dropPendingBudgetAlerts(trx, projectId);
      await audit('budget.removed', null);
      return 'changed';
    }
    const soft = { projectId, ...change.soft };
    await saveBudget(trx, soft, slackId, now);
    await rearmAlerts(trx, soft, now);
    await audit('budget.set', snapshot(soft));
    return 'changed';
  });
}

/** After a budget change, alerts the new numbers no longer call for may fire again (from stored costs). */
async function rearmAlerts(
  db: Db,
  budget: BudgetNumbers & { projectId: string; thresholds: number[] },
  now: Date,
): Promise<void> {
  const period = budgetPeriodAt(now, budget.resetDay);
  const costs = await storedCosts(db, {
    fromDay: utcDay(period.start),
    toDay: utcDay(now),
    projectIds: [budget.projectId],
  });
  const outlook = spendOutlook({
    spentCents: spendOf(costs, period),
    budgetCents: budget.amountCents,
    period,
    now,
  });
  await forgetAlertsNotCalledFor(
    db,
    budget.projectId,
    utcDay(period.start),
    alertsCalledFor({ projectId: budget.projectId, outlook, thresholds: budget.thresholds }),
  );
}
