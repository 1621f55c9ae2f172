import type { CoreDeps } from './core-deps.js';

/**
 * Whether someone may manage a project's service accounts (list, rotate, delete): an owner of
 * the project as OpenAI lists it now (matched by Slack email), or a bot admin. Asked at every
 * command, click and submission; nothing a button carries counts.
 */
export async function managesServiceAccounts(
  deps: Pick<CoreDeps, 'admin' | 'people' | 'logger'>,
  botAdmins: readonly string[],
  projectId: string,
  slackId: string,
): Promise<'owner' | 'admin' | undefined> {
  const [email, members] = await Promise.all([
    deps.people.emailOf(slackId),
    deps.admin.listProjectUsers(projectId).catch((error: unknown) => {
      deps.logger.warn(`Could not list the owners of ${projectId}: ${String(error)}`);
      return [];
    }),
  ]);
  const lower = email?.toLowerCase();
  if (lower && members.some((m) => m.role === 'owner' && m.email?.toLowerCase() === lower)) return 'owner';
  return botAdmins.includes(slackId) ? 'admin' : undefined;
}
