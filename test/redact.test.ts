import { describe, expect, it } from 'vitest';
import { redact } from '../src/redact.js';

describe('redact', () => {
  it('should remove configured secrets and anything shaped like a key or token', () => {
    const line = redact(
      'key sk-admin-AbC123xyz, service sk-proj-Zz9_-x, bot xoxb-1234-5678-abc, app xapp-1-A1-22, authorization: Bearer abc.def, mine=hunter22secret',
      ['hunter22secret'],
    );
    expect(line).toBe(
      'key [redacted], service [redacted], bot [redacted], app [redacted], authorization: Bearer [redacted], mine=[redacted]',
    );
  });

  it('should leave text alone when a configured secret is shorter than 6 characters', () => {
    expect(redact('the word tiny stays', ['tiny'])).toBe('the word tiny stays');
  });
});
