import { describe, expect, it } from 'vitest';
import { centsOf, decimalUsd, formatUsd, parseUsdAmount, sumCents } from '../../src/domain/money.js';

describe('centsOf and sumCents', () => {
  it('should sum dollar floats as integer cents without drift', () => {
    // Thirty days of $0.10 + $0.20 in floats is 9.000000000000002; in cents it is exactly 900.
    const dollars = Array.from({ length: 30 }, () => [0.1, 0.2]).flat();
    expect(dollars.reduce((a, b) => a + b, 0)).not.toBe(9);
    expect(sumCents(dollars.map(centsOf))).toBe(900);
  });

  it('should round each reported amount to the nearest cent once', () => {
    expect(centsOf(12.344)).toBe(1234);
    expect(centsOf(12.346)).toBe(1235);
    expect(centsOf(0)).toBe(0);
    expect(centsOf(-1.25)).toBe(-125);
  });

  it('should refuse to add something that is not whole cents', () => {
    expect(() => sumCents([1, 0.5])).toThrow('Not a whole number of cents: 0.5');
  });
});

describe('formatUsd and decimalUsd', () => {
  it('should show dollars with thousands separators, and plain decimals for CSV', () => {
    expect(formatUsd(123456789)).toBe('$1,234,567.89');
    expect(formatUsd(5)).toBe('$0.05');
    expect(formatUsd(-500)).toBe('-$5.00');
    expect(decimalUsd(123456789)).toBe('1234567.89');
    expect(decimalUsd(-5)).toBe('-0.05');
  });
});

describe('parseUsdAmount', () => {
  it('should read the ways people write dollars, exactly to the cent', () => {
    expect(parseUsdAmount('500')).toEqual({ ok: true, cents: 50_000 });
    expect(parseUsdAmount(' $1,250.50 ')).toEqual({ ok: true, cents: 125_050 });
    expect(parseUsdAmount('USD 0.29')).toEqual({ ok: true, cents: 29 });
    expect(parseUsdAmount('1250.5')).toEqual({ ok: true, cents: 125_050 });
    expect(parseUsdAmount('300 dollars')).toEqual({ ok: true, cents: 30_000 });
  });

  it('should answer negative, non-numeric, zero, sub-cent and absurd amounts with a specific message', () => {
    expect(parseUsdAmount('-50')).toEqual({ ok: false, error: 'The amount cannot be negative.' });
    expect(parseUsdAmount('$-50')).toEqual({ ok: false, error: 'The amount cannot be negative.' });
    expect(parseUsdAmount('lots')).toEqual({
      ok: false,
      error: '“lots” is not an amount in dollars; write e.g. 500 or 1,250.50.',
    });
    expect(parseUsdAmount('1.2.3')).toMatchObject({ ok: false });
    expect(parseUsdAmount('12,34')).toMatchObject({ ok: false });
    expect(parseUsdAmount('0')).toEqual({ ok: false, error: 'The amount must be more than $0.' });
    expect(parseUsdAmount('9.999')).toEqual({
      ok: false,
      error: 'Use at most two decimals (whole cents), e.g. 99.95.',
    });
    const absurd =
      'That is more than $10,000,000.00 a month, which is surely a typo. Enter the amount in dollars.';
    expect(parseUsdAmount('10000000.01')).toEqual({ ok: false, error: absurd });
    expect(parseUsdAmount('1e9')).toMatchObject({ ok: false });
    expect(parseUsdAmount('99999999999999999999999')).toEqual({ ok: false, error: absurd });
    expect(parseUsdAmount('10,000,000')).toEqual({ ok: true, cents: 1_000_000_000 });
  });
});
