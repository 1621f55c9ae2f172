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
