/**
 * Who may change a project's limits: a bot admin, or an owner of that project as the Admin API
 * lists it now, matched by the clicker's Slack email. Evaluated when the change is submitted,
 * from current data; nothing the modal carries counts.
 */
export type LimitRight = { allowed: true; as: 'admin' | 'owner' } | { allowed: false };

export function limitRightOf(context: {
  clickerSlackId: string;
  clickerEmail: string | undefined;
  projectOwnerEmails: readonly string[];
  botAdmins: readonly string[];
}): LimitRight {
  if (context.botAdmins.includes(context.clickerSlackId)) return { allowed: true, as: 'admin' };
  const email = context.clickerEmail?.toLowerCase();
  if (email && context.projectOwnerEmails.some((owner) => owner.toLowerCase() === email)) {
    return { allowed: true, as: 'owner' };
  }
  return { allowed: false };
}
