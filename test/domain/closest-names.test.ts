import { describe, expect, it } from 'vitest';
import { closestNames } from '../../src/domain/closest-names.js';

describe('closestNames', () => {
  const names = ['Alpha', 'Alphabet Soup', 'Beta', 'Climate Models', 'Protein Folding'];
  it('should suggest names containing the query first, then near misspellings', () => {
    expect(closestNames('alph', names)).toEqual(['Alpha', 'Alphabet Soup']);
    expect(closestNames('Climat Modls', names)).toEqual(['Climate Models']);
  });
  it('should suggest nothing for something unlike every name', () => {
    expect(closestNames('zzzzzzzz', names)).toEqual([]);
  });
});
