import { describe, expect, it } from 'vitest';
import { chooseApprovers, decisionRightOf } from '../../src/domain/approval-policy.js';

const base = {
  clickerSlackId: 'UOWNER',
  clickerEmail: 'Owner@Uni.edu',
  requesterSlackId: 'UREQ',
  projectOwnerEmails: ['owner@uni.edu'],
  botAdmins: ['UADMIN'],
  allowSelfApproval: false,
};

describe('decisionRightOf', () => {
  it('should allow a current owner of the project, matching email case-insensitively', () => {
    expect(decisionRightOf(base)).toEqual({ allowed: true, as: 'owner' });
  });

  it('should allow a bot admin who is not an owner', () => {
    expect(decisionRightOf({ ...base, clickerSlackId: 'UADMIN', clickerEmail: 'admin@uni.edu' })).toEqual({
      allowed: true,
      as: 'admin',
    });
  });

  it('should refuse someone who is neither owner nor admin', () => {
    expect(decisionRightOf({ ...base, clickerSlackId: 'UX', clickerEmail: 'x@uni.edu' })).toEqual({
      allowed: false,
      reason: 'not_an_approver',
    });
  });

  it('should refuse a clicker without an email in Slack unless they are a bot admin', () => {
    expect(decisionRightOf({ ...base, clickerEmail: undefined })).toEqual({
      allowed: false,
      reason: 'not_an_approver',
    });
  });

  it('should refuse the requester deciding their own request, even as owner and admin', () => {
    const self = { ...base, clickerSlackId: 'UREQ', requesterSlackId: 'UREQ', botAdmins: ['UREQ'] };
    expect(decisionRightOf(self)).toEqual({ allowed: false, reason: 'own_request' });
  });

  it('should let the requester decide their own request when self-approval is allowed and they are an owner', () => {
    const self = { ...base, clickerSlackId: 'UREQ', requesterSlackId: 'UREQ', allowSelfApproval: true };
    expect(decisionRightOf(self)).toEqual({ allowed: true, as: 'owner' });
  });
});

describe('chooseApprovers', () => {
  it('should ask the owners found in Slack, without duplicates and never the requester', () => {
    expect(
      chooseApprovers({
        ownersInSlack: ['U1', 'U2', 'U1', 'UREQ'],
        botAdmins: ['UA'],
        requesterSlackId: 'UREQ',
      }),
    ).toEqual({ approvers: ['U1', 'U2'], fallback: false });
  });

  it('should fall back to the bot admins when no owner is reachable', () => {
    expect(chooseApprovers({ ownersInSlack: [], botAdmins: ['UA', 'UB'], requesterSlackId: 'UREQ' })).toEqual(
      {
        approvers: ['UA', 'UB'],
        fallback: true,
      },
    );
  });

  it('should fall back to the admins when the only owner is the requester', () => {
    expect(chooseApprovers({ ownersInSlack: ['UREQ'], botAdmins: ['UA'], requesterSlackId: 'UREQ' })).toEqual(
      {
        approvers: ['UA'],
        fallback: true,
      },
    );
  });
});
