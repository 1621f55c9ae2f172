/**
 * Money inside the bot is integer US cents. OpenAI's costs report dollars as floats; each
 * reported amount is converted once, with `centsOf`, and from then on only integers are
 * added, so a month of sums never drifts by a cent.
 */

/** The largest amount a budget or hard limit may have: anything above is a typo, not a plan. */
export const MAX_AMOUNT_CENTS = 1_000_000_000; // $10,000,000

/** One amount as OpenAI's costs report it (dollars, a float) in integer cents. */
export function centsOf(dollars: number): number {
  return Math.round(dollars * 100);
}

export function sumCents(amounts: Iterable<number>): number {
  let total = 0;
  for (const cents of amounts) {
    if (!Number.isSafeInteger(cents)) throw new TypeError(`Not a whole number of cents: ${cents}`);
    total += cents;
  }
  return total;
}

/** `123456` → `$1,234.56`; negative amounts (credits) as `-$5.00`. */
export function formatUsd(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** `123456` → `1234.56`: a plain decimal for CSV files, no symbol and no thousands separator. */
export function decimalUsd(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export type AmountParse = { ok: true; cents: number } | { ok: false; error: string };

const PLAIN = /^\d+(\.\d{1,2})?$/;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/;

/**
 * A dollar amount typed by a person: `500`, `1,250.50`, `$1250.5`, `USD 300`. Parsed from its
 * digits (no float on the way), so `0.29` is exactly 29 cents.
 *
 * Example: parseUsdAmount('$1,250.50') → { ok: true, cents: 125050 }
 */
export function parseUsdAmount(text: string): AmountParse {
  const cleaned = text
    .trim()
    .replace(/^(usd|us\$|\$)\s*/i, '')
    .replace(/\s*(usd|dollars?)$/i, '')
    .trim();
  if (cleaned === '') return { ok: false, error: 'Enter an amount in dollars, e.g. 500 or 1,250.50.' };
  if (/^[-−]/.test(cleaned)) return { ok: false, error: 'The amount cannot be negative.' };
  if (/^\d+\.\d{3,}$/.test(cleaned.replaceAll(',', ''))) {
    return { ok: false, error: 'Use at most two decimals (whole cents), e.g. 99.95.' };
  }
  if (!PLAIN.test(cleaned) && !GROUPED.test(cleaned)) {
    return { ok: false, error: `“${text.trim()}” is not an amount in dollars; write e.g. 500 or 1,250.50.` };
  }
  const [whole = '0', fraction = ''] = cleaned.replaceAll(',', '').split('.');
  // More digits than any allowed amount has: refuse before Number() could lose precision.
  if (whole.replace(/^0+/, '').length > 10) return tooLarge();
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_AMOUNT_CENTS) return tooLarge();
  if (cents === 0) return { ok: false, error: 'The amount must be more than $0.' };
  return { ok: true, cents };
}

function tooLarge(): AmountParse {
  return {
    ok: false,
    error: `That is more than ${formatUsd(MAX_AMOUNT_CENTS)} a month, which is surely a typo. Enter the amount in dollars.`,
  };
}
