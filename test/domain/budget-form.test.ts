import { describe, expect, it } from 'vitest';
import { parseThresholds, validateBudgetForm } from '../../src/domain/budget-form.js';

const fresh = { projectId: 'proj_a', hasBudget: false, currentHardLimitCents: null };

describe('parseThresholds', () => {
  it('should default to 50, 75, 90 and 100 and accept percent signs, spaces and repeats', () => {
    expect(parseThresholds('')).toEqual({ ok: true, thresholds: [50, 75, 90, 100] });
    expect(parseThresholds('90%, 50  75,50')).toEqual({ ok: true, thresholds: [50, 75, 90] });
  });

  it('should refuse a threshold that is not a whole percentage from 1 to 200', () => {
    expect(parseThresholds('50, 0')).toMatchObject({ ok: false, error: expect.stringContaining('“0”') });
    expect(parseThresholds('50, 80.5')).toMatchObject({ ok: false });
    expect(parseThresholds('300')).toMatchObject({ ok: false });
  });
});

describe('validateBudgetForm', () => {
  it('should turn a valid form into a change with the soft budget in cents', () => {
    expect(
      validateBudgetForm(
        { amount: '$1,500', resetDay: '15', thresholds: '80, 100', hardLimitAction: 'keep' },
        fresh,
      ),
    ).toEqual({
      ok: true,
      change: {
        projectId: 'proj_a',
        soft: { action: 'set', amountCents: 150_000, resetDay: 15, thresholds: [80, 100] },
        hard: { action: 'keep' },
      },
    });
  });

  it('should answer every bad field at once', () => {
    const result = validateBudgetForm(
      { amount: '-20', resetDay: '31', thresholds: 'lots', hardLimitAction: 'set', hardLimitAmount: 'abc' },
      fresh,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        amount: 'The amount cannot be negative.',
        resetDay: 'Choose a day from 1 to 28.',
        thresholds:
          '“lots” is not a percentage from 1 to 200. Write whole percentages, e.g. 50, 75, 90, 100.',
        hardLimitAmount: '“abc” is not an amount in dollars; write e.g. 500 or 1,250.50.',
      },
    });
  });

  it('should ask for an amount when there is no budget to remove', () => {
    expect(validateBudgetForm({ amount: '  ' }, fresh)).toEqual({
      ok: false,
      errors: { amount: 'Enter the budget per period in dollars, e.g. 500.' },
    });
    expect(validateBudgetForm({ amount: '' }, { ...fresh, hasBudget: true })).toMatchObject({
      ok: true,
      change: { soft: { action: 'remove' } },
    });
  });

  it('should require an amount to set a hard limit, and not ignore an amount typed without choosing to set it', () => {
    expect(validateBudgetForm({ amount: '100', hardLimitAction: 'set' }, fresh)).toEqual({
      ok: false,
      errors: { hardLimitAmount: 'Enter the hard limit per month in dollars.' },
    });
    expect(
      validateBudgetForm({ amount: '100', hardLimitAction: 'keep', hardLimitAmount: '900' }, fresh),
    ).toMatchObject({
      ok: false,
      errors: { hardLimitAmount: expect.stringContaining('Set or replace the hard limit') },
    });
    // The current limit, shown unchanged, is fine.
    expect(
      validateBudgetForm(
        { amount: '100', hardLimitAction: 'keep', hardLimitAmount: '900.00' },
        { ...fresh, currentHardLimitCents: 90_000 },
      ),
    ).toMatchObject({ ok: true, change: { hard: { action: 'keep' } } });
    expect(validateBudgetForm({ amount: '100', hardLimitAction: 'remove' }, fresh)).toMatchObject({
      ok: true,
      change: { hard: { action: 'remove' } },
    });
  });
});
