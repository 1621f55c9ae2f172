import { describe, expect, it } from 'vitest';
import { closestNames } from '../../src/domain/closest-names.js';
import { MATCHED_CHARS } from '../../src/domain/project-match.js';

const names = ['Alpha', 'Alphabet Soup', 'Beta', 'Climate Models', 'Protein Folding'];

describe('closestNames', () => {
  it('should suggest names containing the query first, then near misspellings', () => {
    expect(closestNames('alph', names)).toEqual(['Alpha', 'Alphabet Soup']);
    expect(closestNames('Climat Modls', names)).toEqual(['Climate Models']);
  });
  it('should suggest nothing for something unlike every name', () => {
    expect(closestNames('zzzzzzzz', names)).toEqual([]);
  });
});

describe('closestNames with a long text', () => {
  it('should suggest the name a 10 000-character text starts with', () => {
    const query = `Climate Models ${'and some more words '.repeat(500)}`;
    expect(query.length).toBeGreaterThan(10_000);
    expect(closestNames(query, names)).toEqual(['Climate Models']);
  });

  it('should suggest by the start of a long text, never by a name typed after MATCHED_CHARS characters', () => {
    expect(closestNames(`${'Beta'.repeat(MATCHED_CHARS / 4)}Alpha`, names)).toEqual(['Beta']);
  });
});
