/** Small helpers the benchmarks share: a plain-text table, percentiles, a seeded random source. */

export type Cell = string | number;

/** Left-aligns the first column (and those in `left`, e.g. a text column), right-aligns the others. */
export function table(
  header: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  left: readonly number[] = [],
): string {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) =>
        i === 0 || left.includes(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const [head, ...body] = all;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The nearest-rank percentile of already sorted numbers (0 for none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** mulberry32: the same "random" org on every run, so two runs measure the same work. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Slack user ids are upper-case letters and digits: `U` + prefix + a zero-padded number. */
export function slackId(prefix: string, n: number): string {
  return `U${prefix}${String(n).padStart(5, '0')}`;
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}
