/**
 * Who may decide a request. Evaluated at click time from current data (the project's owners as
 * the Admin API lists them now, the clicker's Slack email now): nothing a button carries counts.
 */
export interface DecisionContext {
  clickerSlackId: string;
  /** The clicker's email in Slack, if Slack has one. */
  clickerEmail: string | undefined;
  requesterSlackId: string;
  /** Emails of the project's current owners, per the Admin API. */
  projectOwnerEmails: readonly string[];
  botAdmins: readonly string[];
  allowSelfApproval: boolean;
}

export type DecisionRight =
  | { allowed: true; as: 'owner' | 'admin' }
  | { allowed: false; reason: 'own_request' | 'not_an_approver' };

export function decisionRightOf(context: DecisionContext): DecisionRight {
  if (context.clickerSlackId === context.requesterSlackId && !context.allowSelfApproval) {
    return { allowed: false, reason: 'own_request' };
  }
  const email = context.clickerEmail?.toLowerCase();
  const isOwner =
    email !== undefined && context.projectOwnerEmails.some((owner) => owner.toLowerCase() === email);
  if (isOwner) return { allowed: true, as: 'owner' };
  if (context.botAdmins.includes(context.clickerSlackId)) return { allowed: true, as: 'admin' };
  return { allowed: false, reason: 'not_an_approver' };
}

/**
 * Who is asked to decide: the project's owners that Slack knows, else the bot admins, so a
 * request never waits on nobody. The requester is never asked to approve themselves.
 */
export function chooseApprovers(input: {
  ownersInSlack: readonly string[];
  botAdmins: readonly string[];
  requesterSlackId: string;
}): { approvers: string[]; fallback: boolean } {
  const owners = unique(input.ownersInSlack).filter((id) => id !== input.requesterSlackId);
  if (owners.length > 0) return { approvers: owners, fallback: false };
  return { approvers: unique(input.botAdmins).filter((id) => id !== input.requesterSlackId), fallback: true };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
