import OpenAI from 'openai';
import { utcDay } from '../domain/budget-period.js';
import type { DailyCost } from '../domain/daily-costs.js';
import { centsOf } from '../domain/money.js';
import type { Logger } from '../logger.js';
import type { AdminApi, EnsureMemberResult } from './admin-api.js';
import { apiKeyMethods } from './admin-client-keys.js';
import { AdminApiError, toAdminApiError } from './admin-errors.js';
import {
  CostsPage,
  hardLimitOf,
  Invite,
  OrgUser,
  Project,
  ProjectSpendLimit,
  ProjectUser,
} from './admin-types.js';

export type { AdminApi, EnsureMemberResult } from './admin-api.js';

export interface AdminClientOptions {
  adminKey: string;
  baseURL: string;
  /** Retries of reads and idempotent writes on 408/409/429/5xx, honouring Retry-After (the SDK's policy). */
  maxRetries?: number;
  timeoutMs?: number;
  /** The SDK's own warnings (retries, deprecations) go here; it never logs the key. */
  logger?: Logger;
}

/** Page size for lists: the API's maximum, so a sweep needs as few calls as possible. */
const PAGE = 100;
/** Emails per users listing (`emails[]` filter): query strings are capped at a few kB. */
export const EMAILS_PER_CALL = 50;
/**
 * Day buckets per costs page. Any budget period fits in one page (it is at most 31 days), and a
 * page of a thousand projects stays a few megabytes; the API allows up to 180.
 */
export const COSTS_PAGE_DAYS = 31;

/**
 * Our face on `client.admin.organization.*` of the official SDK. The SDK pages (`for await`)
 * and retries with backoff; this module turns retries off for creates, parses answers with
 * zod and turns failures into AdminApiError.
 */
export function createAdminClient(options: AdminClientOptions): AdminApi {
  const client = new OpenAI({
    adminAPIKey: options.adminKey,
    apiKey: null,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries ?? 3,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.logger ? { logger: options.logger, logLevel: 'warn' as const } : {}),
  });
  const org = client.admin.organization;

  const attempt = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toAdminApiError(operation, error);
    }
  };
  const orUndefinedIfMissing = async <T>(
    operation: string,
    run: () => Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await attempt(operation, run);
    } catch (error) {
      if ((error as { kind?: string }).kind === 'not_found') return undefined;
      throw error;
    }
  };

  const api: AdminApi = {
    listProjects: (opts) =>
      attempt('list projects', async () => {
        const projects: Project[] = [];
        for await (const p of org.projects.list({
          limit: PAGE,
          include_archived: opts?.includeArchived ?? false,
        })) {
          projects.push(Project.parse(p));
        }
        return projects;
      }),

    getProject: (projectId) =>
      orUndefinedIfMissing(`read project ${projectId}`, async () =>
        Project.parse(await org.projects.retrieve(projectId)),
      ),

    listProjectUsers: (projectId) =>
      attempt(`list the members of project ${projectId}`, async () => {
        const users: ProjectUser[] = [];
        for await (const u of org.projects.users.list(projectId, { limit: PAGE }))
          users.push(ProjectUser.parse(u));
        return users;
      }),

    findProjectUser: (projectId, userId) =>
      orUndefinedIfMissing(`read member ${userId} of project ${projectId}`, async () =>
        ProjectUser.parse(await org.projects.users.retrieve(userId, { project_id: projectId })),
      ),

    ensureProjectMember: async (projectId, userId, role, opts) => {
      const setRole = async (previousRole: string): Promise<EnsureMemberResult> => {
        const user = await attempt(`change the role of ${userId} in project ${projectId}`, async () =>
          ProjectUser.parse(await org.projects.users.update(userId, { project_id: projectId, role })),
        );
        return { outcome: 'role_changed', user, previousRole };
      };
      if (opts?.lookFirst ?? true) {
        const existing = await api.findProjectUser(projectId, userId);
        if (existing && existing.role === role)
          return { outcome: 'already_member', user: existing, previousRole: role };
        if (existing) return setRole(existing.role);
      }
      try {
        const user = await attempt(`add ${userId} to project ${projectId}`, async () =>
          ProjectUser.parse(await org.projects.users.create(projectId, { user_id: userId, role })),
        );
        return { outcome: 'added', user };
      } catch (error) {
        // Already a member (or a retried add whose first try went through) answers 400: look, then settle.
        if ((error as { kind?: string }).kind !== 'bad_request') throw error;
        const existing = await api.findProjectUser(projectId, userId);
        if (existing?.role === role) return { outcome: 'already_member', user: existing, previousRole: role };
        if (existing) return setRole(existing.role);
        throw error;
      }
    },

    removeProjectUser: async (projectId, userId) => {
      await attempt(`remove ${userId} from project ${projectId}`, async () => {
        try {
          await org.projects.users.delete(userId, { project_id: projectId });
        } catch (error) {
          // Already gone is what we wanted.
          if (error instanceof OpenAI.NotFoundError) return;
          throw error;
        }
      });
    },

    setProjectRole: async (projectId, userId, role) => {
      await attempt(`change the role of ${userId} in project ${projectId}`, async () => {
        await org.projects.users.update(userId, { project_id: projectId, role });
      });
    },

    findUserByEmail: async (email) => (await api.findUsersByEmails([email])).get(email.toLowerCase()),

    findUsersByEmails: (emails) =>
      attempt(
        emails.length === 1 ? `look up the org user ${emails[0]}` : `look up ${emails.length} org users`,
        async () => {
          // Asked as written (whether OpenAI matches case is not documented), compared lowercased.
          const wanted = [...new Map(emails.map((e) => [e.toLowerCase(), e])).values()];
          const found = new Map<string, OrgUser>();
          for (let i = 0; i < wanted.length; i += EMAILS_PER_CALL) {
            const chunk = wanted.slice(i, i + EMAILS_PER_CALL);
            const lower = new Set(chunk.map((e) => e.toLowerCase()));
            for await (const u of org.users.list({ emails: chunk, limit: PAGE })) {
              const user = OrgUser.parse(u);
              const email = user.email?.toLowerCase();
              if (email && lower.has(email)) found.set(email, user);
            }
          }
          return found;
        },
      ),

    listInvites: () =>
      attempt('list invites', async () => {
        const invites: Invite[] = [];
        for await (const i of org.invites.list({ limit: PAGE })) invites.push(Invite.parse(i));
        return invites;
      }),

    getInvite: (inviteId) =>
      orUndefinedIfMissing(`read invite ${inviteId}`, async () =>
        Invite.parse(await org.invites.retrieve(inviteId)),
      ),

    createInvite: (input) =>
      attempt(`invite ${input.email}`, async () =>
        Invite.parse(await org.invites.create(input, { maxRetries: 0 })),
      ),

    deleteInvite: async (inviteId) => {
      await attempt(`delete invite ${inviteId}`, async () => {
        try {
          await org.invites.delete(inviteId);
        } catch (error) {
          if (error instanceof OpenAI.NotFoundError) return;
          throw error;
        }
      });
    },

    dailyCosts: (range) =>
      attempt('read the costs report', async () => {
        const byKey = new Map<string, DailyCost>();
        let page: string | undefined;
        let pages = 0;
        do {
          const answer = CostsPage.parse(
            await org.usage.costs({
              start_time: Math.floor(range.from.getTime() / 1000),
              ...(range.to ? { end_time: Math.floor(range.to.getTime() / 1000) } : {}),
              bucket_width: '1d',
              group_by: ['project_id'],
              limit: COSTS_PAGE_DAYS,
              ...(range.projectIds ? { project_ids: [...range.projectIds] } : {}),
              ...(page ? { page } : {}),
            }),
          );
          pages += 1;
          for (const bucket of answer.data) {
            const day = utcDay(new Date(bucket.start_time * 1000));
            for (const result of bucket.results) {
              // Costs not tied to a project cannot count against a project's budget.
              if (!result.project_id || !result.amount) continue;
              if (result.amount.currency.toLowerCase() !== 'usd') {
                throw new AdminApiError(
                  'bad_request',
                  'read the costs report',
                  `OpenAI reported costs in ${result.amount.currency.toUpperCase()}; the bot only handles USD.`,
                );
              }
              // Dollars to cents once per reported amount; from here on only integers are added.
              const key = `${result.project_id}|${day}`;
              const cents = centsOf(result.amount.value) + (byKey.get(key)?.cents ?? 0);
              byKey.set(key, { projectId: result.project_id, day, cents });
            }
          }
          page = answer.has_more ? (answer.next_page ?? undefined) : undefined;
        } while (page);
        return { costs: [...byKey.values()], pages };
      }),

    getHardLimit: (projectId) =>
      orUndefinedIfMissing(`read the hard limit of ${projectId}`, async () =>
        hardLimitOf(ProjectSpendLimit.parse(await org.projects.spendLimit.retrieve(projectId))),
      ),

    // Create-or-replace with the same body is safe to retry.
    setHardLimit: (projectId, cents) =>
      attempt(`set the hard limit of ${projectId}`, async () =>
        hardLimitOf(
          ProjectSpendLimit.parse(
            await org.projects.spendLimit.update(projectId, {
              threshold_amount: cents,
              currency: 'USD',
              interval: 'month',
            }),
          ),
        ),
      ),

    removeHardLimit: async (projectId) => {
      await attempt(`remove the hard limit of ${projectId}`, async () => {
        try {
          await org.projects.spendLimit.delete(projectId);
        } catch (error) {
          if (error instanceof OpenAI.NotFoundError) return;
          throw error;
        }
      });
    },

    ...apiKeyMethods(org, attempt),
  };
  return api;
}
