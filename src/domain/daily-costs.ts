import { type BudgetPeriod, inPeriod } from './budget-period.js';
import { sumCents } from './money.js';

/** A project's cost on one UTC day, in integer cents. */
export interface DailyCost {
  projectId: string;
  /** YYYY-MM-DD (UTC), the day of OpenAI's cost bucket. */
  day: string;
  cents: number;
}

/** Costs grouped by project, for sweeps that look at each project's own period. */
export function costsByProject(costs: readonly DailyCost[]): Map<string, DailyCost[]> {
  const grouped = new Map<string, DailyCost[]>();
  for (const cost of costs) {
    const list = grouped.get(cost.projectId) ?? [];
    list.push(cost);
    grouped.set(cost.projectId, list);
  }
  return grouped;
}

/** Total cents of a project's costs on the days of `period`. */
export function spendOf(costs: readonly DailyCost[] | undefined, period: BudgetPeriod): number {
  return sumCents((costs ?? []).filter((c) => inPeriod(c.day, period)).map((c) => c.cents));
}
