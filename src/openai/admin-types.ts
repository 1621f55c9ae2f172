import { z } from 'zod';

/**
 * The parts of the Admin API's objects the bot relies on (openapi-admin.yaml: Project,
 * ProjectUser, User, Invite). Parsed at the edge so a drift in OpenAI's answers fails loudly
 * here instead of deep in a listener.
 */
export const Project = z.object({
  id: z.string(),
  name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
  status: z.string().nullish(),
  archived_at: z.number().nullish(),
  created_at: z.number(),
});
export type Project = z.infer<typeof Project>;

export const ProjectUser = z.object({
  id: z.string(),
  role: z.string(),
  email: z.string().nullish(),
  name: z.string().nullish(),
  added_at: z.number(),
});
export type ProjectUser = z.infer<typeof ProjectUser>;

export const OrgUser = z.object({
  id: z.string(),
  email: z.string().nullish(),
  name: z.string().nullish(),
  role: z.string().nullish(),
});
export type OrgUser = z.infer<typeof OrgUser>;

export const InviteProject = z.object({ id: z.string(), role: z.enum(['member', 'owner']) });
export const Invite = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.enum(['pending', 'accepted', 'expired']),
  created_at: z.number(),
  expires_at: z.number().nullish(),
  accepted_at: z.number().nullish(),
  projects: z.array(InviteProject).default([]),
});
export type Invite = z.infer<typeof Invite>;

/** OpenAI's own Default project takes no members directly: access to it only comes with an invite. */
export const DEFAULT_PROJECT_NAME = 'Default project';

export function isRequestable(project: Project): boolean {
  const archived = project.status === 'archived' || project.archived_at != null;
  return !archived && project.name !== DEFAULT_PROJECT_NAME;
}

/** `CostsResult`: with `group_by=project_id` each carries its project; amounts are dollars (lowercase `usd`). */
export const CostsResult = z.object({
  object: z.literal('organization.costs.result'),
  amount: z.object({ value: z.number(), currency: z.string() }).nullish(),
  project_id: z.string().nullish(),
});
export const CostsBucket = z.object({
  start_time: z.number(),
  end_time: z.number(),
  results: z.array(CostsResult),
});
/** `UsageResponse` of costs: paged with an opaque `next_page` token, not a cursor. */
export const CostsPage = z.object({
  data: z.array(CostsBucket),
  has_more: z.boolean(),
  next_page: z.string().nullish(),
});
export type CostsPage = z.infer<typeof CostsPage>;

/** `ProjectSpendLimitResource`: OpenAI's hard limit, in integer cents (uppercase `USD`), per month. */
export const ProjectSpendLimit = z.object({
  threshold_amount: z.number().int(),
  currency: z.string(),
  interval: z.string(),
  enforcement: z.object({ status: z.string() }),
});
export type ProjectSpendLimit = z.infer<typeof ProjectSpendLimit>;

/** A project's hard limit as the bot uses it. `enforcing`: OpenAI is refusing the project's requests. */
export interface HardLimit {
  thresholdCents: number;
  status: string;
  enforcing: boolean;
}

export function hardLimitOf(limit: ProjectSpendLimit): HardLimit {
  return {
    thresholdCents: limit.threshold_amount,
    status: limit.enforcement.status,
    enforcing: limit.enforcement.status === 'enforcing',
  };
}

/**
 * `ProjectApiKey`: `owner_project_access` says whether the owner can still use the project (a user
 * who left it, or the org, is `inactive`); `owner.user.role` is their project role. The secret is
 * never in it, only `redacted_value`.
 */
export const ProjectApiKey = z.object({
  id: z.string(),
  name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
  redacted_value: z.string(),
  created_at: z.number(),
  last_used_at: z.number().nullish(),
  owner_project_access: z.enum(['active', 'inactive']).nullish(),
  owner: z.object({
    type: z.string(),
    user: z
      .object({
        id: z.string(),
        email: z.string().nullish(),
        name: z.string().nullish(),
        role: z.string().nullish(),
      })
      .nullish(),
    service_account: z
      .object({ id: z.string(), name: z.string().nullish(), role: z.string().nullish() })
      .nullish(),
  }),
});
export type ProjectApiKey = z.infer<typeof ProjectApiKey>;
