import { describe, expect, it } from 'vitest';
import { cutToLength, escapeAndCut, firstCharacter } from '../../src/slack/blocks/format.js';

describe('cutToLength', () => {
  it('should leave text within the limit as it is', () => {
    expect(cutToLength('Alpha', 5)).toBe('Alpha');
  });

  it('should cut before an emoji that would not fit whole, keeping the result well-formed', () => {
    const cut = cutToLength(`abc😀def`, 5);
    expect(cut).toBe('abc…');
    expect(hasLoneSurrogate(cut)).toBe(false);
  });

  it('should keep an emoji with a skin tone whole', () => {
    expect(cutToLength('👍🏽👍🏽👍🏽', 10)).toBe('👍🏽👍🏽…');
  });
});

describe('escapeAndCut', () => {
  it('should escape and stay within the limit counted after escaping', () => {
    const cut = escapeAndCut('<'.repeat(100), 20, '…');
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut).toBe(`${'&lt;'.repeat(4)}…`);
  });

  it('should never split an entity', () => {
    for (let max = 5; max < 30; max += 1) {
      const cut = escapeAndCut('a&b<c>d'.repeat(5), max, '…');
      expect(cut.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[&<>]/);
    }
  });
});

describe('firstCharacter', () => {
  it('should return a whole emoji, not half of its surrogate pair', () => {
    expect(firstCharacter('🧪 Lab')).toBe('🧪');
    expect(firstCharacter('')).toBe('');
  });
});

/** Half of an emoji: a surrogate without its partner. */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
