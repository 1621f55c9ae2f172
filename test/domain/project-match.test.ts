import { describe, expect, it } from 'vitest';
import { editDistance, MATCHED_CHARS, matchedText, matchProject } from '../../src/domain/project-match.js';

const projects = [
  { id: 'proj_alpha1', name: 'Alpha' },
  { id: 'proj_alphabet', name: 'Alphabet Soup' },
  { id: 'proj_beta', name: 'Beta' },
  { id: 'proj_gamma', name: 'Gamma Rays' },
];

describe('matchProject', () => {
  it('should find a project by name in any case, or by id', () => {
    expect(matchProject(projects, 'ALPHA')).toEqual({ found: true, project: projects[0] });
    expect(matchProject(projects, 'proj_beta')).toEqual({ found: true, project: projects[2] });
  });

  it('should suggest the closest names for a typo, those containing the text first', () => {
    expect(matchProject(projects, 'alpah')).toEqual({ found: false, suggestions: [projects[0]] });
    expect(matchProject(projects, 'alph')).toEqual({ found: false, suggestions: [projects[0], projects[1]] });
    expect(matchProject(projects, 'gamma')).toEqual({ found: false, suggestions: [projects[3]] });
  });

  it('should suggest nothing for a name like none of them', () => {
    expect(matchProject(projects, 'Quantum Chemistry')).toEqual({ found: false, suggestions: [] });
  });
});

describe('editDistance', () => {
  it('should count insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('matchedText', () => {
  it('should keep at most MATCHED_CHARS characters of what was typed, trimmed and lower-case', () => {
    expect(matchedText(`  ${'Ab'.repeat(5_000)}  `)).toBe('ab'.repeat(MATCHED_CHARS / 2));
    expect(matchedText('  ALPHA ')).toBe('alpha');
  });
});

describe('matchProject with a long text', () => {
  it('should still suggest the project a 10 000-character text starts with', () => {
    const typed = `Gamma Rays ${'please let me in '.repeat(600)}`;
    expect(typed.length).toBeGreaterThan(10_000);
    expect(matchProject(projects, typed)).toEqual({ found: false, suggestions: [projects[3]] });
  });

  it('should match only the first MATCHED_CHARS characters: a name typed after them is not seen', () => {
    expect(matchProject(projects, `${'x'.repeat(MATCHED_CHARS - 4)}Beta`)).toEqual({
      found: false,
      suggestions: [projects[2]],
    });
    expect(matchProject(projects, `${'x'.repeat(MATCHED_CHARS)}Beta`)).toEqual({
      found: false,
      suggestions: [],
    });
  });

  it('should still find a project by its exact name or id, however it is typed', () => {
    expect(matchProject(projects, '  PROJ_GAMMA  ')).toEqual({ found: true, project: projects[3] });
  });
});

describe('editDistance with a bound', () => {
  it('should answer the distance when within the bound, and bound + 1 as soon as it cannot be', () => {
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('x'.repeat(10_000), 'beta', 5)).toBe(6);
    expect(editDistance('abcdefgh', 'stuvwxyz', 2)).toBe(3);
  });
});
