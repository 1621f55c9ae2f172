import { editDistance, matchedText } from './project-match.js';

/**
 * The names most like what someone typed, for "no project X; did you mean …?". A name that
 * contains the query, or that the query starts with, counts as closest. Only the first
 * MATCHED_CHARS characters of the query are matched (see `matchedText`), and a distance is
 * computed only as far as it could matter.
 */
export function closestNames(query: string, names: readonly string[], count = 3): string[] {
  const q = matchedText(query);
  return [...new Set(names)]
    .map((name) => {
      const lower = name.toLowerCase();
      const within = Math.max(2, Math.floor(name.length / 2));
      return {
        name,
        within,
        score:
          lower.includes(q) || (lower.length > 0 && q.startsWith(lower)) ? 0 : editDistance(q, lower, within),
      };
    })
    .filter(({ score, within }) => score <= within)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map(({ name }) => name);
}
