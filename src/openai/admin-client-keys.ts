import OpenAI from 'openai';
import type { AdminApi } from './admin-api.js';
import { OrgUser, ProjectApiKey } from './admin-types.js';

type Organization = OpenAI['admin']['organization'];
type Attempt = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

/** Page size: the API's maximum, so a project's 20 keys or a thousand users take few calls. */
const PAGE = 100;

/**
 * The key-hygiene reads and the key delete. Pages are walked by hand (not `for await`) so the
 * caller learns how many calls a run made.
 */
export function apiKeyMethods(
  org: Organization,
  attempt: Attempt,
): Pick<AdminApi, 'listProjectApiKeys' | 'deleteProjectApiKey' | 'listOrgUsers'> {
  return {
    listProjectApiKeys: (projectId) =>
      attempt(`list the API keys of project ${projectId}`, async () => {
        const keys: ProjectApiKey[] = [];
        let page = await org.projects.apiKeys.list(projectId, { limit: PAGE, owner_project_access: 'any' });
        let pages = 1;
        for (;;) {
          for (const k of page.getPaginatedItems()) keys.push(ProjectApiKey.parse(k));
          if (!page.hasNextPage()) break;
          page = await page.getNextPage();
          pages += 1;
        }
        return { keys, pages };
      }),

    deleteProjectApiKey: (projectId, keyId) =>
      attempt(`delete API key ${keyId} of project ${projectId}`, async () => {
        try {
          await org.projects.apiKeys.delete(keyId, { project_id: projectId });
          return 'deleted' as const;
        } catch (error) {
          // Deleted already (by someone else, or a retried delete whose first try went through).
          if (error instanceof OpenAI.NotFoundError) return 'already_gone' as const;
          throw error;
        }
      }),

    listOrgUsers: () =>
      attempt('list the org users', async () => {
        const users: OrgUser[] = [];
        let page = await org.users.list({ limit: PAGE });
        let pages = 1;
        for (;;) {
          for (const u of page.getPaginatedItems()) users.push(OrgUser.parse(u));
          if (!page.hasNextPage()) break;
          page = await page.getNextPage();
          pages += 1;
        }
        return { users, pages };
      }),
  };
}
