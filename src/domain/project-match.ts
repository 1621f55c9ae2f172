/** Finding a project from what a person typed: its name in any case, or its id. */

export interface NamedProject {
  id: string;
  name: string;
}

export type ProjectMatch<T extends NamedProject> =
  | { found: true; project: T }
  | { found: false; suggestions: T[] };

const SUGGESTIONS = 3;

/**
 * Only this many characters of what a person typed are compared with project names. A project
 * name is far shorter; without a cap, 10 000 typed characters against 1 000 projects held the
 * event loop for seconds (Levenshtein is O(n·m)).
 */
export const MATCHED_CHARS = 200;

/**
 * What the fuzzy match compares with the names: trimmed, lower-case, at most MATCHED_CHARS long.
 *
 * Example: matchedText('  ALPHA ') → 'alpha'
 */
export function matchedText(typed: string): string {
  return typed.trim().slice(0, MATCHED_CHARS).toLowerCase();
}

/**
 * The project called `typed` (case-insensitive) or with that id; otherwise up to three names
 * closest to it: names containing it first, then by edit distance, never wildly different ones.
 * Only the first MATCHED_CHARS characters are matched fuzzily.
 *
 * Example: matchProject([{ id: 'proj_1', name: 'Alpha' }], 'alhpa') → { found: false, suggestions: [Alpha] }
 */
export function matchProject<T extends NamedProject>(projects: readonly T[], typed: string): ProjectMatch<T> {
  const whole = typed.trim().toLowerCase();
  const exact =
    projects.find((p) => p.id.toLowerCase() === whole) ??
    projects.find((p) => p.name.toLowerCase() === whole);
  if (exact) return { found: true, project: exact };
  const wanted = matchedText(typed);
  const within = Math.max(2, Math.floor(wanted.length / 3));
  const scored = projects
    .map((project) => {
      const name = project.name.toLowerCase();
      const contains = wanted.length >= 2 && (name.includes(wanted) || wanted.includes(name));
      return { project, contains, distance: editDistance(name, wanted, within) };
    })
    .filter((s) => s.contains || s.distance <= within)
    .sort(
      (a, b) =>
        Number(b.contains) - Number(a.contains) ||
        a.distance - b.distance ||
        a.project.name.localeCompare(b.project.name),
    );
  return { found: false, suggestions: scored.slice(0, SUGGESTIONS).map((s) => s.project) };
}

/**
 * Levenshtein distance, one row at a time. With `max`, it stops as soon as the distance must
 * exceed `max` and answers `max + 1`: only near names matter, so a long text against a short
 * name costs nothing (their lengths alone differ by more than `max`) and a far one little.
 *
 * Example: editDistance('kitten', 'sitting') → 3; editDistance('kitten', 'sitting', 1) → 2
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // Every later row is at least this row's minimum: the distance can only grow from here.
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}
