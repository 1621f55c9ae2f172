import { describe, expect, it } from 'vitest';
import {
  MAX_PASTED_EMAILS,
  mergeCandidates,
  onboardingKey,
  parsePastedEmails,
} from '../../src/domain/onboard-people.js';
import { pathOf } from '../../src/domain/onboard-plan.js';
import { cardRefreshDue, progressOf, waitedFor } from '../../src/domain/onboard-progress.js';

describe('parsePastedEmails', () => {
  it('should split on commas, semicolons, spaces and new lines, lowercase and collapse duplicates', () => {
    expect(parsePastedEmails('a@x.org, B@x.org;c@x.org\n\nd@x.org\te@x.org A@X.ORG')).toEqual({
      emails: ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org', 'e@x.org'],
      invalid: [],
      tooMany: false,
    });
  });

  it('should name what is not an email, as typed, once each', () => {
    expect(parsePastedEmails('a@x.org not-an-email @x.org a@ not-an-email').invalid).toEqual([
      'not-an-email',
      '@x.org',
      'a@',
    ]);
  });

  it('should keep the address of "Name <address>" entries', () => {
    expect(parsePastedEmails('Rita Researcher <rita@uni.example>, ada@uni.example').emails).toEqual([
      'rita@uni.example',
      'ada@uni.example',
    ]);
  });

  it('should say so when more than the maximum are pasted', () => {
    const many = Array.from({ length: MAX_PASTED_EMAILS + 1 }, (_, i) => `s${i}@uni.example`).join(',');
    expect(parsePastedEmails(many).tooMany).toBe(true);
    expect(parsePastedEmails(many.split(',').slice(1).join(',')).tooMany).toBe(false);
  });
});

describe('mergeCandidates', () => {
  it('should collapse the same email across inputs, keeping a Slack id found in any', () => {
    expect(
      mergeCandidates([
        [{ email: 'Mia@uni.example', slackId: 'UMIA' }],
        [
          { email: 'mia@uni.example', slackId: null },
          { email: 'nora@uni.example', slackId: null },
        ],
      ]),
    ).toEqual([
      { email: 'mia@uni.example', slackId: 'UMIA' },
      { email: 'nora@uni.example', slackId: null },
    ]);
  });
});

describe('onboardingKey', () => {
  it('should be the same for the same people in any order or case', () => {
    expect(onboardingKey('p', 'member', ['B@x.org', 'a@x.org'])).toBe(
      onboardingKey('p', 'member', ['a@x.org', 'b@x.org']),
    );
    expect(onboardingKey('p', 'owner', ['a@x.org'])).not.toBe(onboardingKey('p', 'member', ['a@x.org']));
  });
});

describe('pathOf', () => {
  const seen = (o: Partial<{ orgUserId: string; projectRole: string; pendingInviteId: string }>) => ({
    orgUserId: undefined,
    projectRole: undefined,
    pendingInviteId: undefined,
    ...o,
  });

  it('should do nothing for someone with that role already, or an owner asked to be a member', () => {
    expect(pathOf('member', seen({ orgUserId: 'u', projectRole: 'member' })).path).toBe('none');
    expect(pathOf('member', seen({ orgUserId: 'u', projectRole: 'owner' })).path).toBe('none');
    expect(pathOf('owner', seen({ orgUserId: 'u', projectRole: 'owner' })).path).toBe('none');
  });

  it('should set the role of a member asked to be an owner', () => {
    expect(pathOf('owner', seen({ orgUserId: 'u', projectRole: 'member' }))).toEqual({
      path: 'set_role',
      orgUserId: 'u',
      inviteId: null,
    });
  });

  it('should add an org user, pre-assign a pending invitee, and invite anyone else', () => {
    expect(pathOf('member', seen({ orgUserId: 'u' })).path).toBe('add');
    expect(pathOf('member', seen({ pendingInviteId: 'invite-1' }))).toEqual({
      path: 'pre_assign',
      orgUserId: null,
      inviteId: 'invite-1',
    });
    expect(pathOf('member', seen({})).path).toBe('invite');
  });
});

describe('the card', () => {
  it('should count the people, skipped ones apart', () => {
    const step = (state: 'planned' | 'in' | 'waiting' | 'failed' | 'skipped') => ({
      email: 'x',
      slackId: null,
      state,
      error: null,
      waitingSince: null,
    });
    expect(
      progressOf(['in', 'in', 'waiting', 'failed', 'skipped', 'planned'].map((s) => step(s as never))),
    ).toEqual({
      total: 5,
      in: 2,
      waiting: 1,
      failed: 1,
      left: 1,
      skipped: 1,
    });
  });

  it('should be re-rendered after 25 changes or 3 seconds, not on every change', () => {
    const now = new Date('2026-12-03T10:00:00Z');
    const lastAt = new Date(now.getTime() - 1000);
    expect(cardRefreshDue({ stepsSince: 1, lastAt: null, now })).toBe(true);
    expect(cardRefreshDue({ stepsSince: 24, lastAt, now })).toBe(false);
    expect(cardRefreshDue({ stepsSince: 25, lastAt, now })).toBe(true);
    expect(cardRefreshDue({ stepsSince: 1, lastAt: new Date(now.getTime() - 3000), now })).toBe(true);
    expect(cardRefreshDue({ stepsSince: 0, lastAt: null, now })).toBe(false);
  });

  it('should say how long someone waited in minutes, hours or days', () => {
    const now = new Date('2026-12-03T10:00:00Z');
    expect(waitedFor('2026-12-03T09:20:00Z', now)).toBe('40 min');
    expect(waitedFor('2026-12-03T07:00:00Z', now)).toBe('3 h');
    expect(waitedFor('2026-11-30T10:00:00Z', now)).toBe('3 d');
  });
});
