import { describe, expect, it } from 'vitest';
import { editDistance, matchProject } from '../../src/domain/project-match.js';

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
