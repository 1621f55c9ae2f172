import { describe, expect, it } from 'vitest';
import { canTransition, isFinal, RequestStatus } from '../../src/domain/request-status.js';

describe('canTransition', () => {
  it('should follow the life cycle of DESIGN.md', () => {
    expect(canTransition('pending', 'approved')).toBe(true);
    expect(canTransition('approved', 'awaiting_invite')).toBe(true);
    expect(canTransition('awaiting_invite', 'applied')).toBe(true);
    expect(canTransition('applied', 'revoked')).toBe(true);
  });

  it('should never go back to pending or decide twice', () => {
    for (const from of RequestStatus.options) expect(canTransition(from, 'pending')).toBe(false);
    expect(canTransition('denied', 'approved')).toBe(false);
    expect(canTransition('approved', 'denied')).toBe(false);
  });

  it('should treat denied, cancelled, expired and revoked as final', () => {
    expect(RequestStatus.options.filter(isFinal).sort()).toEqual([
      'cancelled',
      'denied',
      'expired',
      'revoked',
    ]);
  });
});
