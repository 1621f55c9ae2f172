import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { decimalUsd } from './money.js';

/** Ten years of days: more is a typo. */
export const MAX_EXPORT_DAYS = 3660;

export interface ExportRange {
  /** YYYY-MM-DD, UTC, inclusive. */
  fromDay: string;
  /** YYYY-MM-DD, UTC, inclusive. */
  toDay: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(text: string): boolean {
  return DAY.test(text) && isValid(parseISO(text)) && parseISO(text).toISOString().startsWith(text);
}

/**
 * The days an export covers: `from` and `to` as typed (YYYY-MM-DD, inclusive); by default the
 * current month so far. `today` is the UTC day.
 *
 * Example: exportRange({ from: '2026-09-01' }, '2026-11-23') → 2026-09-01 … 2026-11-23
 */
export function exportRange(
  input: { from?: string | undefined; to?: string | undefined },
  today: string,
): { ok: true; range: ExportRange } | { ok: false; error: string } {
  const fromDay = input.from ?? `${today.slice(0, 8)}01`;
  const toDay = input.to ?? today;
  for (const day of [fromDay, toDay]) {
    if (!isDay(day))
      return { ok: false, error: `“${day}” is not a date; write YYYY-MM-DD, e.g. 2026-11-01.` };
  }
  if (fromDay > toDay)
    return { ok: false, error: `The range ends (${toDay}) before it starts (${fromDay}).` };
  const days = (parseISO(toDay).getTime() - parseISO(fromDay).getTime()) / 86_400_000 + 1;
  if (days > MAX_EXPORT_DAYS)
    return { ok: false, error: `That is ${days} days; export at most ${MAX_EXPORT_DAYS} at a time.` };
  return { ok: true, range: { fromDay, toDay } };
}

export interface CostCsvRow {
  day: string;
  projectId: string;
  projectName: string;
  cents: number;
}

export const COSTS_CSV_HEADER = 'date,project_id,project_name,cost_usd';

/**
 * One line per project and UTC day, amounts as plain decimals in USD. Text that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with an apostrophe.
 */
export function costsCsv(rows: readonly CostCsvRow[]): string {
  const lines = rows.map((r) =>
    [r.day, cell(r.projectId), cell(r.projectName), decimalUsd(r.cents)].join(','),
  );
  return `${[COSTS_CSV_HEADER, ...lines].join('\n')}\n`;
}

function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
