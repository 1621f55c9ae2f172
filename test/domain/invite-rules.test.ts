import { describe, expect, it } from 'vitest';
import {
  grantedByInvite,
  inviteHealth,
  mergeInviteProjects,
  nudgeDue,
} from '../../src/domain/invite-rules.js';

const invitedAt = new Date('2026-11-20T09:00:00Z');
const expiresAt = new Date('2026-11-27T09:00:00Z');

describe('inviteHealth', () => {
  it('should not call an invite stalled before the threshold', () => {
    expect(inviteHealth({ invitedAt, expiresAt }, new Date('2026-11-22T08:59:00Z'), 48)).toEqual({
      ageHours: 47,
      stalled: false,
      expiringSoon: false,
      expired: false,
    });
  });

  it('should call it stalled from the threshold on', () => {
    expect(inviteHealth({ invitedAt, expiresAt }, new Date('2026-11-22T09:00:00Z'), 48).stalled).toBe(true);
  });

  it('should flag an invite expiring within 24 hours, and an expired one', () => {
    expect(inviteHealth({ invitedAt, expiresAt }, new Date('2026-11-26T10:00:00Z'), 48)).toMatchObject({
      expiringSoon: true,
      expired: false,
    });
    expect(inviteHealth({ invitedAt, expiresAt }, expiresAt, 48)).toMatchObject({
      expiringSoon: false,
      expired: true,
    });
  });

  it('should never expire an invite without an expiry', () => {
    expect(inviteHealth({ invitedAt, expiresAt: null }, new Date('2030-01-01T00:00:00Z'), 48).expired).toBe(
      false,
    );
  });
});

describe('nudgeDue', () => {
  it('should nudge the first time and then at most once every 24 hours', () => {
    const last = new Date('2026-11-22T10:00:00Z');
    expect(nudgeDue(null, last)).toBe(true);
    expect(nudgeDue(last, new Date('2026-11-23T09:59:59Z'))).toBe(false);
    expect(nudgeDue(last, new Date('2026-11-23T10:00:00Z'))).toBe(true);
  });
});

describe('grantedByInvite', () => {
  const invite = [
    { id: 'proj_a', role: 'member' as const },
    { id: 'proj_b', role: 'owner' as const },
  ];
  it('should count the same project and role, and owner covering member', () => {
    expect(grantedByInvite(invite, { projectId: 'proj_a', role: 'member' })).toBe(true);
    expect(grantedByInvite(invite, { projectId: 'proj_b', role: 'member' })).toBe(true);
  });
  it('should not count a higher role or another project', () => {
    expect(grantedByInvite(invite, { projectId: 'proj_a', role: 'owner' })).toBe(false);
    expect(grantedByInvite(invite, { projectId: 'proj_c', role: 'member' })).toBe(false);
  });
});

describe('mergeInviteProjects', () => {
  it('should keep every project once, with the higher role', () => {
    expect(
      mergeInviteProjects(
        [{ id: 'proj_a', role: 'member' }],
        [
          { projectId: 'proj_a', role: 'owner' },
          { projectId: 'proj_b', role: 'member' },
        ],
      ),
    ).toEqual([
      { id: 'proj_a', role: 'owner' },
      { id: 'proj_b', role: 'member' },
    ]);
  });
});
