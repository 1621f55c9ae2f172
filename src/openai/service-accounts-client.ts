import OpenAI from 'openai';
import { type NewServiceAccountKey, newKeyOf, ServiceAccount } from './service-account-types.js';

type Attempt = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

/** The service-account part of the AdminApi port (admin-api.ts). */
export interface ServiceAccountApi {
  listServiceAccounts(projectId: string): Promise<ServiceAccount[]>;
  /**
   * Creates a service account with its first key (role `member`, so the key works in the project;
   * `create_service_account_only` would give role `none` and no key). Never retried: a retried
   * create can make a second account. After an uncertain failure, list and look for the name.
   */
  createServiceAccount(
    projectId: string,
    name: string,
  ): Promise<{ account: ServiceAccount; key: NewServiceAccountKey }>;
  /** A new key for an existing account. Never retried either (each try makes a key). */
  createServiceAccountKey(
    projectId: string,
    serviceAccountId: string,
    name: string,
  ): Promise<NewServiceAccountKey>;
  /** Deletes the account and with it all its keys; one that is gone already is fine. */
  deleteServiceAccount(projectId: string, serviceAccountId: string): Promise<void>;
}

const PAGE = 100;

export function serviceAccountMethods(client: OpenAI, attempt: Attempt): ServiceAccountApi {
  const accounts = client.admin.organization.projects.serviceAccounts;
  return {
    listServiceAccounts: (projectId) =>
      attempt(`list the service accounts of project ${projectId}`, async () => {
        const found: ServiceAccount[] = [];
        for await (const a of accounts.list(projectId, { limit: PAGE })) found.push(ServiceAccount.parse(a));
        return found;
      }),

    createServiceAccount: (projectId, name) =>
      attempt(`create the service account "${name}" in project ${projectId}`, async () => {
        const answer = await accounts.create(projectId, { name }, { maxRetries: 0 });
        const account = ServiceAccount.parse({
          id: answer.id,
          name: answer.name,
          role: answer.role,
          created_at: answer.created_at,
        });
        return { account, key: newKeyOf(answer.api_key) };
      }),

    createServiceAccountKey: (projectId, serviceAccountId, name) =>
      attempt(`create a key for service account ${serviceAccountId}`, async () =>
        newKeyOf(
          await accounts.apiKeys.create(serviceAccountId, { project_id: projectId, name }, { maxRetries: 0 }),
        ),
      ),

    deleteServiceAccount: async (projectId, serviceAccountId) => {
      await attempt(`delete service account ${serviceAccountId}`, async () => {
        try {
          await accounts.delete(serviceAccountId, { project_id: projectId });
        } catch (error) {
          if (error instanceof OpenAI.NotFoundError) return;
          throw error;
        }
      });
    },
  };
}
