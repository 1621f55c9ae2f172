import { describe, expect, it } from 'vitest';
import { limitRightOf } from '../../src/domain/budget-policy.js';

describe('limitRightOf', () => {
  const base = { clickerSlackId: 'UOLGA', botAdmins: ['UADA'], projectOwnerEmails: ['Olga@Uni.example'] };

  it('should allow a bot admin, and an owner matched by email in any case', () => {
    expect(limitRightOf({ ...base, clickerSlackId: 'UADA', clickerEmail: undefined })).toEqual({
      allowed: true,
      as: 'admin',
    });
    expect(limitRightOf({ ...base, clickerEmail: 'olga@uni.example' })).toEqual({
      allowed: true,
      as: 'owner',
    });
  });

  it('should refuse a member, and anyone whose Slack has no email', () => {
    expect(limitRightOf({ ...base, clickerEmail: 'mia@uni.example' })).toEqual({ allowed: false });
    expect(limitRightOf({ ...base, clickerEmail: undefined })).toEqual({ allowed: false });
  });
});
