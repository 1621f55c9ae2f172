import { describe, expect, it } from 'vitest';
import {
  dueGrantStep,
  duePendingStep,
  ownerCountProblem,
  removalAction,
} from '../../src/domain/request-timers.js';

const policy = { remindAfterHours: 24, escalateAfterHours: 72, ttlDays: 7 };
const createdAt = new Date('2026-11-01T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('duePendingStep', () => {
  it('should do nothing for a fresh request', () => {
    expect(
      duePendingStep({ createdAt, remindedAt: null, escalatedAt: null }, at('2026-11-02T11:59:00Z'), policy),
    ).toBeUndefined();
  });

  it('should remind after a day, once', () => {
    expect(
      duePendingStep({ createdAt, remindedAt: null, escalatedAt: null }, at('2026-11-02T12:00:00Z'), policy),
    ).toBe('remind');
    expect(
      duePendingStep(
        { createdAt, remindedAt: at('2026-11-02T12:00:00Z'), escalatedAt: null },
        at('2026-11-03T12:00:00Z'),
        policy,
      ),
    ).toBeUndefined();
  });

  it('should escalate after three days even if the reminder was missed, and not remind after escalating', () => {
    expect(
      duePendingStep({ createdAt, remindedAt: null, escalatedAt: null }, at('2026-11-04T12:00:00Z'), policy),
    ).toBe('escalate');
    expect(
      duePendingStep(
        { createdAt, remindedAt: null, escalatedAt: at('2026-11-04T12:00:00Z') },
        at('2026-11-05T12:00:00Z'),
        policy,
      ),
    ).toBeUndefined();
  });

  it('should expire at the TTL, before anything else', () => {
    expect(
      duePendingStep({ createdAt, remindedAt: null, escalatedAt: null }, at('2026-11-08T12:00:00Z'), policy),
    ).toBe('expire');
  });
});

describe('dueGrantStep', () => {
  it('should warn from 24 hours before the start of the end date, and remove from its start (UTC)', () => {
    expect(
      dueGrantStep({ endsOn: '2026-12-01', warnedAt: null }, at('2026-11-29T23:59:59Z')),
    ).toBeUndefined();
    expect(dueGrantStep({ endsOn: '2026-12-01', warnedAt: null }, at('2026-11-30T00:00:00Z'))).toBe('warn');
    expect(
      dueGrantStep(
        { endsOn: '2026-12-01', warnedAt: at('2026-11-30T00:00:00Z') },
        at('2026-11-30T18:00:00Z'),
      ),
    ).toBeUndefined();
    expect(dueGrantStep({ endsOn: '2026-12-01', warnedAt: null }, at('2026-12-01T00:00:00Z'))).toBe('remove');
  });

  it('should never end a grant without an end date', () => {
    expect(dueGrantStep({ endsOn: null, warnedAt: null }, at('2030-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('removalAction', () => {
  it('should remove a membership the bot created, restore an earlier role, keep an identical one', () => {
    expect(removalAction('none', 'member')).toEqual({ kind: 'remove' });
    expect(removalAction(null, 'owner')).toEqual({ kind: 'remove' });
    expect(removalAction('member', 'owner')).toEqual({ kind: 'restore_role', role: 'member' });
    expect(removalAction('owner', 'member')).toEqual({ kind: 'restore_role', role: 'owner' });
    expect(removalAction('member', 'member')).toEqual({ kind: 'keep' });
  });
});

describe('ownerCountProblem', () => {
  it('should flag none and more than three', () => {
    expect([0, 1, 2, 3, 4].map(ownerCountProblem)).toEqual([
      'none',
      undefined,
      undefined,
      undefined,
      'too_many',
    ]);
  });
});
