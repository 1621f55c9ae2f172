import { describe, expect, it } from 'vitest';
import {
  budgetPeriodAt,
  daysUntilReset,
  lastDayOf,
  periodDays,
  spendOutlook,
  utcDay,
} from '../../src/domain/budget-period.js';

const at = (iso: string) => new Date(iso);
const span = (period: { start: Date; end: Date }) => `${utcDay(period.start)}..${utcDay(period.end)}`;

describe('budgetPeriodAt', () => {
  it('should be the calendar month for reset day 1, from the 1st through the last day', () => {
    expect(span(budgetPeriodAt(at('2026-11-01T00:00:00Z'), 1))).toBe('2026-11-01..2026-12-01');
    expect(span(budgetPeriodAt(at('2026-11-30T23:59:59Z'), 1))).toBe('2026-11-01..2026-12-01');
  });

  it('should run from the 15th to the 15th, switching exactly at UTC midnight of the reset day', () => {
    expect(span(budgetPeriodAt(at('2026-11-14T23:59:59.999Z'), 15))).toBe('2026-10-15..2026-11-15');
    expect(span(budgetPeriodAt(at('2026-11-15T00:00:00Z'), 15))).toBe('2026-11-15..2026-12-15');
    expect(periodDays(budgetPeriodAt(at('2026-11-14T12:00:00Z'), 15))).toBe(31);
    expect(periodDays(budgetPeriodAt(at('2026-11-20T12:00:00Z'), 15))).toBe(30);
  });

  it('should reset on the 28th of every month, February included', () => {
    expect(span(budgetPeriodAt(at('2027-02-27T12:00:00Z'), 28))).toBe('2027-01-28..2027-02-28');
    expect(span(budgetPeriodAt(at('2027-02-28T00:00:00Z'), 28))).toBe('2027-02-28..2027-03-28');
    expect(periodDays(budgetPeriodAt(at('2027-03-01T00:00:00Z'), 28))).toBe(28);
  });

  it('should count 29 days in February of a leap year and 28 in other years', () => {
    const leap = budgetPeriodAt(at('2028-02-29T18:00:00Z'), 1);
    expect(span(leap)).toBe('2028-02-01..2028-03-01');
    expect(periodDays(leap)).toBe(29);
    expect(lastDayOf(leap)).toBe('2028-02-29');
    expect(periodDays(budgetPeriodAt(at('2027-02-10T00:00:00Z'), 1))).toBe(28);
    // Reset on the 28th across a leap February: 28 Feb → 28 Mar holds the 29th.
    expect(periodDays(budgetPeriodAt(at('2028-03-01T00:00:00Z'), 28))).toBe(29);
  });

  it('should span New Year when the period starts in December', () => {
    const period = budgetPeriodAt(at('2027-01-03T08:00:00Z'), 15);
    expect(span(period)).toBe('2026-12-15..2027-01-15');
    expect(periodDays(period)).toBe(31);
    expect(span(budgetPeriodAt(at('2026-12-31T23:00:00Z'), 1))).toBe('2026-12-01..2027-01-01');
  });

  it('should refuse a reset day outside 1–28, naming the rule', () => {
    expect(() => budgetPeriodAt(at('2026-11-23T00:00:00Z'), 31)).toThrow(
      'A reset day is a whole day of the month from 1 to 28, not 31.',
    );
    expect(() => budgetPeriodAt(at('2026-11-23T00:00:00Z'), 0)).toThrow(RangeError);
  });
});

describe('daysUntilReset', () => {
  it('should count whole UTC days from today to the reset day, 1 on the last day', () => {
    const period = budgetPeriodAt(at('2026-11-23T10:00:00Z'), 1);
    expect(daysUntilReset(period, at('2026-11-23T10:00:00Z'))).toBe(8);
    expect(daysUntilReset(period, at('2026-11-30T23:00:00Z'))).toBe(1);
    const newYear = budgetPeriodAt(at('2026-12-20T00:00:00Z'), 15);
    expect(daysUntilReset(newYear, at('2026-12-20T00:00:00Z'))).toBe(26);
  });
});

describe('spendOutlook', () => {
  it('should forecast over the budget’s own period, not the calendar month', () => {
    // Reset on the 15th: on 25 Nov 10 days have passed of a 30-day period.
    const now = at('2026-11-25T00:00:00Z');
    const period = budgetPeriodAt(now, 15);
    const outlook = spendOutlook({ spentCents: 40_000, budgetCents: 100_000, period, now });
    expect(outlook.elapsedDays).toBe(10);
    expect(outlook.averagePerDayCents).toBe(4_000);
    expect(outlook.forecastCents).toBe(120_000);
    expect(outlook.forecastPercent).toBe(120);
    expect(outlook.percent).toBe(40);
    expect(outlook.daysUntilReset).toBe(20);
    // $600 left at $40 a day: 15 days, i.e. 10 Dec, before the reset on 15 Dec.
    expect(outlook.runsOutAt?.toISOString()).toBe('2026-12-10T00:00:00.000Z');
  });

  it('should say nothing runs out when the pace stays within the budget', () => {
    const now = at('2026-11-11T00:00:00Z');
    const outlook = spendOutlook({
      spentCents: 10_000,
      budgetCents: 100_000,
      period: budgetPeriodAt(now, 1),
      now,
    });
    expect(outlook.forecastCents).toBe(30_000);
    expect(outlook.runsOutAt).toBeNull();
    expect(outlook.exceeded).toBe(false);
  });

  it('should count at least one day on the first morning, so one hour is not extrapolated to a month', () => {
    const now = at('2026-11-01T01:00:00Z');
    const outlook = spendOutlook({
      spentCents: 3_000,
      budgetCents: null,
      period: budgetPeriodAt(now, 1),
      now,
    });
    expect(outlook.elapsedDays).toBe(1);
    expect(outlook.forecastCents).toBe(90_000);
    expect(outlook.percent).toBeNull();
  });

  it('should divide the average per day by the day count it names: the elapsed days to a tenth', () => {
    // 10:00 UTC on the 21st: 20 days and 10 hours of the calendar month have passed.
    const now = at('2026-11-21T10:00:00Z');
    const outlook = spendOutlook({
      spentCents: 20_400,
      budgetCents: null,
      period: budgetPeriodAt(now, 1),
      now,
    });
    expect(outlook.averageDays).toBe(20.4);
    expect(outlook.averagePerDayCents).toBe(1_000);
    expect(outlook.averagePerDayCents * outlook.averageDays).toBe(outlook.spentCents);
  });

  it('should average over at least one day, and never over more days than the period has', () => {
    const morning = at('2026-11-01T01:00:00Z');
    const first = spendOutlook({
      spentCents: 3_000,
      budgetCents: null,
      period: budgetPeriodAt(morning, 1),
      now: morning,
    });
    expect(first).toMatchObject({ averageDays: 1, averagePerDayCents: 3_000 });
    const after = at('2026-12-05T00:00:00Z');
    const november = budgetPeriodAt(at('2026-11-10T00:00:00Z'), 1);
    const closed = spendOutlook({ spentCents: 30_000, budgetCents: null, period: november, now: after });
    expect(closed).toMatchObject({ averageDays: 30, averagePerDayCents: 1_000 });
  });

  it('should report an exceeded budget with a floor percentage, never rounding 99.9 up to 100', () => {
    const now = at('2026-11-20T00:00:00Z');
    const period = budgetPeriodAt(now, 1);
    expect(spendOutlook({ spentCents: 99_999, budgetCents: 100_000, period, now }).percent).toBe(99);
    const over = spendOutlook({ spentCents: 100_000, budgetCents: 100_000, period, now });
    expect(over).toMatchObject({ exceeded: true, percent: 100, runsOutAt: null });
  });
});
