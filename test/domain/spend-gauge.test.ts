import { describe, expect, it } from 'vitest';
import { budgetPeriodAt, spendOutlook } from '../../src/domain/budget-period.js';
import { spendGauge } from '../../src/domain/spend-gauge.js';

const now = new Date('2026-11-21T00:00:00Z');

describe('spendGauge', () => {
  it('should measure against the hard limit, with this month’s spend, when there is no soft budget', () => {
    const outlook = spendOutlook({
      spentCents: 51_000,
      budgetCents: null,
      period: budgetPeriodAt(now, 1),
      now,
    });
    expect(spendGauge({ outlook, monthSpentCents: 51_000, hardLimitCents: 100_000 })).toEqual({
      against: 'hard_limit',
      spentCents: 51_000,
      limitCents: 100_000,
      percent: 51,
    });
    expect(spendGauge({ outlook, monthSpentCents: 99_999, hardLimitCents: 100_000 })?.percent).toBe(99);
  });

  it('should measure against the soft budget over its own period when there is one, hard limit or not', () => {
    // Reset on the 15th: $180 this period, $320 this calendar month.
    const outlook = spendOutlook({
      spentCents: 18_000,
      budgetCents: 60_000,
      period: budgetPeriodAt(now, 15),
      now,
    });
    expect(spendGauge({ outlook, monthSpentCents: 32_000, hardLimitCents: 100_000 })).toEqual({
      against: 'budget',
      spentCents: 18_000,
      limitCents: 60_000,
      percent: 30,
    });
  });

  it('should measure against nothing without a soft budget or a hard limit', () => {
    const outlook = spendOutlook({ spentCents: 500, budgetCents: null, period: budgetPeriodAt(now, 1), now });
    expect(spendGauge({ outlook, monthSpentCents: 500, hardLimitCents: null })).toBeNull();
  });
});
