import type { DailyCost } from '../domain/daily-costs.js';
import type { ProjectRole } from '../domain/request-status.js';
import type { HardLimit, Invite, OrgUser, Project, ProjectApiKey, ProjectUser } from './admin-types.js';

/** The slice of the OpenAI Admin API the bot uses. Services depend on this, not on the SDK. */
export interface AdminApi {
  listProjects(options?: { includeArchived?: boolean }): Promise<Project[]>;
  getProject(projectId: string): Promise<Project | undefined>;
  listProjectUsers(projectId: string): Promise<ProjectUser[]>;
  findProjectUser(projectId: string, userId: string): Promise<ProjectUser | undefined>;
  /**
   * Adds, or sets the role of an existing member; safe to call again. With `lookFirst` (the
   * default) it reads the membership before writing; without, it adds and only looks when
   * OpenAI refuses, which saves a call per person in sweeps where a membership is unlikely.
   */
  ensureProjectMember(
    projectId: string,
    userId: string,
    role: ProjectRole,
    options?: { lookFirst?: boolean },
  ): Promise<EnsureMemberResult>;
  removeProjectUser(projectId: string, userId: string): Promise<void>;
  setProjectRole(projectId: string, userId: string, role: ProjectRole): Promise<void>;
  findUserByEmail(email: string): Promise<OrgUser | undefined>;
  /** The org users among `emails`, by lowercased email: one listing per EMAILS_PER_CALL emails. */
  findUsersByEmails(emails: readonly string[]): Promise<Map<string, OrgUser>>;
  listInvites(): Promise<Invite[]>;
  getInvite(inviteId: string): Promise<Invite | undefined>;
  /** Never retried: a retried create can make a second invite. Reconcile by listing instead. */
  createInvite(input: {
    email: string;
    role: 'reader' | 'owner';
    projects: { id: string; role: ProjectRole }[];
  }): Promise<Invite>;
  deleteInvite(inviteId: string): Promise<void>;
  /**
   * Cost per project per UTC day from `from` up to `to` (exclusive; default now, today's
   * unfinished day included), all projects unless `projectIds` names some. One call per page of
   * COSTS_PAGE_DAYS days, following `next_page` (the SDK does not page costs by itself).
   */
  dailyCosts(range: {
    from: Date;
    to?: Date;
    projectIds?: readonly string[];
  }): Promise<{ costs: DailyCost[]; pages: number }>;
  /** The project's hard spend limit, or undefined when it has none. */
  getHardLimit(projectId: string): Promise<HardLimit | undefined>;
  /** Creates or replaces the project's hard limit (integer cents, per month). */
  setHardLimit(projectId: string, cents: number): Promise<HardLimit>;
  /** Removes the project's hard limit; removing one that is gone already is fine. */
  removeHardLimit(projectId: string): Promise<void>;
  /**
   * Every API key of the project, whoever owns it and whether or not the owner still has access
   * (`owner_project_access=any`), in pages of 100. `pages` counts the calls made.
   */
  listProjectApiKeys(projectId: string): Promise<{ keys: ProjectApiKey[]; pages: number }>;
  /**
   * Deletes a user-owned key. A key that is gone already (404) counts as deleted: `'already_gone'`.
   * OpenAI refuses a service account's key (400): delete the service account instead.
   */
  deleteProjectApiKey(projectId: string, keyId: string): Promise<'deleted' | 'already_gone'>;
  /** Every org user, in pages of 100. `pages` counts the calls made. */
  listOrgUsers(): Promise<{ users: OrgUser[]; pages: number }>;
}

export type EnsureMemberResult = {
  outcome: 'added' | 'role_changed' | 'already_member';
  user: ProjectUser;
  /** The person's role in the project before, when they were a member already. */
  previousRole?: string;
};
