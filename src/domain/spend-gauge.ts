import { type SpendOutlook, wholePercent } from './budget-period.js';

/** What a project's percentage and bar measure its spend against. */
export interface SpendGauge {
  /** `budget`: the soft budget, over its own period; `hard_limit`: OpenAI's monthly hard limit. */
  against: 'budget' | 'hard_limit';
  spentCents: number;
  limitCents: number;
  /** Whole percent, rounded down (99.9 % is 99). */
  percent: number;
}

/**
 * The soft budget when the project has one; otherwise OpenAI's hard limit, which counts the
 * calendar month (UTC), so against this month's spend; otherwise nothing (null).
 *
 * Example: spendGauge({ outlook: withoutBudget, monthSpentCents: 51_000, hardLimitCents: 100_000 })
 *   → { against: 'hard_limit', spentCents: 51_000, limitCents: 100_000, percent: 51 }
 */
export function spendGauge(input: {
  outlook: SpendOutlook;
  monthSpentCents: number;
  hardLimitCents: number | null;
}): SpendGauge | null {
  const { outlook, monthSpentCents, hardLimitCents } = input;
  if (outlook.budgetCents !== null) {
    return {
      against: 'budget',
      spentCents: outlook.spentCents,
      limitCents: outlook.budgetCents,
      percent: wholePercent(outlook.spentCents, outlook.budgetCents),
    };
  }
  if (hardLimitCents === null || hardLimitCents <= 0) return null;
  return {
    against: 'hard_limit',
    spentCents: monthSpentCents,
    limitCents: hardLimitCents,
    percent: wholePercent(monthSpentCents, hardLimitCents),
  };
}
