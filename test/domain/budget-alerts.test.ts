import { describe, expect, it } from 'vitest';
import { alertsCalledFor, crossedThresholds, forecastOverrun } from '../../src/domain/budget-alerts.js';
import { budgetPeriodAt, spendOutlook } from '../../src/domain/budget-period.js';

const DEFAULTS = [50, 75, 90, 100];

describe('crossedThresholds', () => {
  it('should include a threshold the moment spend reaches it to the cent, not a cent earlier', () => {
    expect(crossedThresholds(49_999, 100_000, DEFAULTS)).toEqual([]);
    expect(crossedThresholds(50_000, 100_000, DEFAULTS)).toEqual([50]);
    expect(crossedThresholds(99_999, 100_000, DEFAULTS)).toEqual([50, 75, 90]);
    expect(crossedThresholds(100_000, 100_000, DEFAULTS)).toEqual([50, 75, 90, 100]);
  });

  it('should compare in integers where a float percentage would round wrongly', () => {
    // $3 budget: 75 % is 225 cents exactly.
    expect(crossedThresholds(224, 300, [75])).toEqual([]);
    expect(crossedThresholds(225, 300, [75])).toEqual([75]);
    expect(crossedThresholds(10, 0, DEFAULTS)).toEqual([]);
  });
});

describe('forecastOverrun and alertsCalledFor', () => {
  const now = new Date('2026-11-11T00:00:00Z');
  const period = budgetPeriodAt(now, 1);

  it('should call for a forecast alert when the pace exceeds the budget before the reset', () => {
    // 10 days, $400 of $1,000: $40 a day → $1,200 by 1 Dec.
    const outlook = spendOutlook({ spentCents: 40_000, budgetCents: 100_000, period, now });
    expect(forecastOverrun(outlook)).toBe(true);
    expect(alertsCalledFor({ projectId: 'proj_a', outlook, thresholds: DEFAULTS })).toEqual([
      { projectId: 'proj_a', periodStart: '2026-11-01', kind: 'forecast', threshold: 0 },
    ]);
  });

  it('should not trust a forecast during the first three days of a period', () => {
    const early = new Date('2026-11-02T12:00:00Z');
    const outlook = spendOutlook({ spentCents: 10_000, budgetCents: 100_000, period, now: early });
    expect(outlook.forecastCents).toBeGreaterThan(100_000);
    expect(forecastOverrun(outlook)).toBe(false);
  });

  it('should leave the forecast out once the budget is exceeded, when the 100 % threshold says it', () => {
    const outlook = spendOutlook({ spentCents: 100_000, budgetCents: 100_000, period, now });
    expect(
      alertsCalledFor({ projectId: 'proj_a', outlook, thresholds: DEFAULTS }).map((k) => k.kind),
    ).toEqual(['threshold', 'threshold', 'threshold', 'threshold']);
  });

  it('should call for nothing without a budget', () => {
    const outlook = spendOutlook({ spentCents: 100_000, budgetCents: null, period, now });
    expect(alertsCalledFor({ projectId: 'proj_a', outlook, thresholds: DEFAULTS })).toEqual([]);
  });
});
