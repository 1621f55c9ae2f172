/**
 * Budget periods and forecasts. All dates are UTC: OpenAI's costs come in UTC-day buckets, so
 * a period is a run of whole UTC days, `[start, end)`, from the reset day of one month to the
 * reset day of the next. The maths is done with `Date.UTC`, never in the server's time zone.
 */

import { utcDay } from './request-form.js';

/** The UTC calendar day of an instant (YYYY-MM-DD); one definition for requests and budgets. */
export { utcDay };

export const DAY_MS = 86_400_000;
export const MIN_RESET_DAY = 1;
/** 28 is the last day every month has, so a period never skips or doubles a reset. */
export const MAX_RESET_DAY = 28;
/** The default reset day: the 1st, i.e. the calendar month. */
export const DEFAULT_RESET_DAY = 1;

export interface BudgetPeriod {
  /** UTC midnight of the first day of the period. */
  start: Date;
  /** UTC midnight of the reset day that ends it (exclusive). */
  end: Date;
}

/** UTC midnight of a YYYY-MM-DD day. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function startOfUtcDay(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  return utcDay(new Date(startOfDay(day).getTime() + DAY_MS));
}

export function isResetDay(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_RESET_DAY && value <= MAX_RESET_DAY;
}

/**
 * The budget period containing `now` for a budget that resets on `resetDay` (1–28) of each month.
 *
 * Example: budgetPeriodAt(new Date('2026-11-23T10:00Z'), 15) → 2026-11-15 … 2026-12-15 (exclusive)
 */
export function budgetPeriodAt(now: Date, resetDay: number): BudgetPeriod {
  if (!isResetDay(resetDay)) {
    throw new RangeError(`A reset day is a whole day of the month from 1 to 28, not ${resetDay}.`);
  }
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const startMonth = now.getUTCDate() >= resetDay ? month : month - 1;
  // Date.UTC carries month -1 into December of the year before and 12 into January after.
  return {
    start: new Date(Date.UTC(year, startMonth, resetDay)),
    end: new Date(Date.UTC(year, startMonth + 1, resetDay)),
  };
}

/** The calendar month (UTC) containing `now`: the window OpenAI's monthly hard limit is read against. */
export function calendarMonthAt(now: Date): BudgetPeriod {
  return budgetPeriodAt(now, 1);
}

/** A budgeted project's own period; the calendar month for a project without a budget. */
export function periodFor(budget: { resetDay: number } | undefined, now: Date): BudgetPeriod {
  return budget ? budgetPeriodAt(now, budget.resetDay) : calendarMonthAt(now);
}

/** The first day any of these budgets' periods (or the calendar month) starts: one query covers them all. */
export function earliestStart(now: Date, budgets: Iterable<{ resetDay: number }>): Date {
  let start = calendarMonthAt(now).start;
  for (const budget of budgets) start = earlier(start, budgetPeriodAt(now, budget.resetDay).start);
  return start;
}

export function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}

export function periodDays(period: BudgetPeriod): number {
  return Math.round((period.end.getTime() - period.start.getTime()) / DAY_MS);
}

/** The last day of the period (inclusive), YYYY-MM-DD. */
export function lastDayOf(period: BudgetPeriod): string {
  return utcDay(new Date(period.end.getTime() - DAY_MS));
}

/** Whole UTC days from today to the reset day: 1 on the period's last day. */
export function daysUntilReset(period: BudgetPeriod, now: Date): number {
  return Math.round((period.end.getTime() - startOfUtcDay(now).getTime()) / DAY_MS);
}

/** Whether a YYYY-MM-DD day lies in the period. Days compare as text. */
export function inPeriod(day: string, period: BudgetPeriod): boolean {
  return day >= utcDay(period.start) && day < utcDay(period.end);
}

export interface SpendOutlook {
  spentCents: number;
  /** The soft budget, or null for a project without one. */
  budgetCents: number | null;
  /** Whole percent of the budget spent, rounded down (99.9 % is 99, not yet 100). */
  percent: number | null;
  /** Days of the period that have passed, at least 1 (so a first morning is not extrapolated wildly). */
  elapsedDays: number;
  /**
   * What the average per day is divided by, and the day count shown next to it: the elapsed
   * days to a tenth (20.4 at 10:00 UTC on the 21st of a calendar month), at least 1.
   */
  averageDays: number;
  /** spentCents ÷ averageDays, rounded to the cent. */
  averagePerDayCents: number;
  /** Spend at the period's end if the average so far continues. */
  forecastCents: number;
  forecastPercent: number | null;
  /** When the budget runs out at the current rate, if that is before the reset; null otherwise. */
  runsOutAt: Date | null;
  exceeded: boolean;
  daysUntilReset: number;
  period: BudgetPeriod;
}

/**
 * Where a project stands in its period: spend, average per day, the forecast at the period's
 * end and when the budget would run out. The forecast runs over the budget's own period (a
 * budget resetting on the 15th is forecast to the 15th, not to the end of the calendar month).
 * The elapsed time counts the current, unfinished day as a fraction, and is at least one day.
 */
export function spendOutlook(input: {
  spentCents: number;
  budgetCents: number | null;
  period: BudgetPeriod;
  now: Date;
}): SpendOutlook {
  const { spentCents, budgetCents, period, now } = input;
  const totalMs = period.end.getTime() - period.start.getTime();
  const elapsedMs = Math.min(Math.max(now.getTime() - period.start.getTime(), DAY_MS), totalMs);
  const perMs = spentCents / elapsedMs;
  const forecastCents = Math.round(perMs * totalMs);
  const averageDays = Math.max(1, Math.round((elapsedMs / DAY_MS) * 10) / 10);
  const exceeded = budgetCents !== null && spentCents >= budgetCents;
  let runsOutAt: Date | null = null;
  if (budgetCents !== null && !exceeded && perMs > 0) {
    const at = now.getTime() + (budgetCents - spentCents) / perMs;
    if (at < period.end.getTime()) runsOutAt = new Date(at);
  }
  return {
    spentCents,
    budgetCents,
    percent: budgetCents === null ? null : wholePercent(spentCents, budgetCents),
    elapsedDays: elapsedMs / DAY_MS,
    averageDays,
    averagePerDayCents: Math.round(spentCents / averageDays),
    forecastCents,
    forecastPercent: budgetCents === null ? null : wholePercent(forecastCents, budgetCents),
    runsOutAt,
    exceeded,
    daysUntilReset: daysUntilReset(period, now),
    period,
  };
}

/** `part` as a whole percent of `whole`, rounded down; integer arithmetic on cents. */
export function wholePercent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((part * 100) / whole);
}
