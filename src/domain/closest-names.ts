/** Levenshtein distance, case-insensitive: small enough to write, and no dependency for it. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length] as number;
}

/**
 * The names most like what someone typed, for "no project X; did you mean …?". A name that
 * contains the query counts as closest.
 */
export function closestNames(query: string, names: readonly string[], count = 3): string[] {
  const q = query.trim().toLowerCase();
  return [...new Set(names)]
    .map((name) => ({ name, score: name.toLowerCase().includes(q) ? 0 : distance(q, name) }))
    .filter(({ score, name }) => score <= Math.max(2, Math.floor(name.length / 2)))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map(({ name }) => name);
}
