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
 * The project called `typed` (case-insensitive) or with that id; otherwise up to three names
 * closest to it: names containing it first, then by edit distance, never wildly different ones.
 *
 * Example: matchProject([{ id: 'proj_1', name: 'Alpha' }], 'alhpa') → { found: false, suggestions: [Alpha] }
 */
export function matchProject<T extends NamedProject>(projects: readonly T[], typed: string): ProjectMatch<T> {
  const wanted = typed.trim().toLowerCase();
  const exact =
    projects.find((p) => p.id.toLowerCase() === wanted) ??
    projects.find((p) => p.name.toLowerCase() === wanted);
  if (exact) return { found: true, project: exact };
  const scored = projects
    .map((project) => {
      const name = project.name.toLowerCase();
      const contains = wanted.length >= 2 && (name.includes(wanted) || wanted.includes(name));
      return { project, contains, distance: editDistance(name, wanted) };
    })
    .filter((s) => s.contains || s.distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort(
      (a, b) =>
        Number(b.contains) - Number(a.contains) ||
        a.distance - b.distance ||
        a.project.name.localeCompare(b.project.name),
    );
  return { found: false, suggestions: scored.slice(0, SUGGESTIONS).map((s) => s.project) };
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
