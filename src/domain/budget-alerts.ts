import { type SpendOutlook, utcDay } from './budget-period.js';

/** Alert thresholds in percent of the soft budget, when a budget names none. */
export const DEFAULT_THRESHOLDS: readonly number[] = [50, 75, 90, 100];
export const MAX_THRESHOLD = 200;
export const MAX_THRESHOLD_COUNT = 10;

/**
 * A forecast is only trusted after this many days of the period: one busy first morning would
 * otherwise announce an overrun for nearly every project. Thresholds still alert from day one.
 */
export const FORECAST_MIN_DAYS = 3;

export type BudgetAlertKind = 'threshold' | 'forecast' | 'hard_limit';

/**
 * What one alert is about. Dedupe key: (project, periodStart, kind, threshold). For `threshold`
 * the threshold is the percent; for `forecast` it is 0; for `hard_limit` it is the limit in
 * cents, so a raised limit that is hit again is news.
 */
export interface BudgetAlertKey {
  projectId: string;
  /** YYYY-MM-DD: the budget period's first day (the calendar month's for hard limits). */
  periodStart: string;
  kind: BudgetAlertKind;
  threshold: number;
}

/** The thresholds `spent` has reached, integer arithmetic: spent ≥ budget × t / 100. */
export function crossedThresholds(
  spentCents: number,
  budgetCents: number,
  thresholds: readonly number[],
): number[] {
  if (budgetCents <= 0) return [];
  return thresholds.filter((t) => spentCents * 100 >= budgetCents * t).sort((a, b) => a - b);
}

/** The forecast says the budget is exceeded before the reset, and it is not exceeded yet. */
export function forecastOverrun(outlook: SpendOutlook): boolean {
  return (
    outlook.budgetCents !== null &&
    !outlook.exceeded &&
    outlook.elapsedDays >= FORECAST_MIN_DAYS &&
    outlook.forecastCents > outlook.budgetCents
  );
}

/** Every alert the numbers call for now; the store decides which of them are news. */
export function alertsCalledFor(input: {
  projectId: string;
  outlook: SpendOutlook;
  thresholds: readonly number[];
}): BudgetAlertKey[] {
  const { projectId, outlook, thresholds } = input;
  if (outlook.budgetCents === null) return [];
  const periodStart = utcDay(outlook.period.start);
  const keys: BudgetAlertKey[] = crossedThresholds(outlook.spentCents, outlook.budgetCents, thresholds).map(
    (threshold) => ({ projectId, periodStart, kind: 'threshold', threshold }),
  );
  if (forecastOverrun(outlook)) keys.push({ projectId, periodStart, kind: 'forecast', threshold: 0 });
  return keys;
}

/** Percentages as a person reads them: `50 %, 75 % and 90 %`. */
export function thresholdList(thresholds: readonly number[]): string {
  const items = thresholds.map((t) => `${t}%`);
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
