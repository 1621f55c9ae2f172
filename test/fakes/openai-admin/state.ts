/**
 * The organization the fake Admin API serves: projects, users, memberships, invites, costs and
 * spend limits. Methods are synchronous and return fresh spec-shaped objects (never the records
 * themselves), so a test can keep an answer around without it changing under its feet.
 *
 * This class holds the data and the rules of how data changes (an accepted invite grants its
 * projects, archiving empties a project). The checks that make the API answer 400/404 live in the
 * route handlers (`routes.ts`); the helpers here throw a plain `Error` on misuse by a test.
 */
import { randomBytes } from 'node:crypto';
import { FakeServiceAccounts } from './service-accounts.js';

export const DEFAULT_PROJECT_ID = 'proj_default';
/** The name OpenAI gives every organization's first project. */
export const DEFAULT_PROJECT_NAME = 'Default project';
/** OpenAI does not document how long an invite lives; a week is what its invite emails have said. */
export const INVITE_LIFETIME_SECONDS = 7 * 86_400;
export const DEFAULT_LINE_ITEM = 'gpt-4o-mini-2024-07-18, input';

const DAY = 86_400;

export type OrgRole = 'owner' | 'reader';
export type ProjectRole = 'owner' | 'member';
export type InviteStatus = 'pending' | 'accepted' | 'expired';

/** `Project` in the spec. */
export interface Project {
  id: string;
  object: 'organization.project';
  name: string | null;
  created_at: number;
  archived_at: number | null;
  status: 'active' | 'archived';
  external_key_id?: string | null;
}

/** `User` in the spec. */
export interface User {
  object: 'organization.user';
  id: string;
  name: string | null;
  email: string | null;
  role: OrgRole;
  added_at: number;
}

/** `ProjectUser` in the spec: `id` is the user's id. */
export interface ProjectUser {
  object: 'organization.project.user';
  id: string;
  name: string | null;
  email: string | null;
  role: ProjectRole;
  added_at: number;
}

export interface InviteProject {
  id: string;
  role: ProjectRole;
}

/** `Invite` in the spec. */
export interface Invite {
  object: 'organization.invite';
  id: string;
  email: string;
  role: OrgRole;
  status: InviteStatus;
  created_at: number;
  expires_at: number | null;
  accepted_at: number | null;
  projects: InviteProject[];
}

/** `ProjectSpendLimitResource` in the spec: amounts in integer cents, unlike costs (dollars). */
export interface ProjectSpendLimit {
  object: 'project.spend_limit';
  threshold_amount: number;
  currency: 'USD';
  interval: 'month';
  enforcement: { status: 'inactive' | 'enforcing' };
}

/** `ProjectApiKey` in the spec: `owner.user.role` is the owner's project role. */
export interface ProjectApiKey {
  object: 'organization.project.api_key';
  id: string;
  name: string;
  redacted_value: string;
  created_at: number;
  last_used_at: number | null;
  owner_project_access: 'active' | 'inactive';
  owner:
    | {
        type: 'user';
        user: { id: string; email: string; name: string; created_at: number; role: string };
      }
    | {
        type: 'service_account';
        service_account: { id: string; name: string; created_at: number; role: string };
      };
}

/** Who owns a seeded key: an org user (by id), or a service account described inline. */
export type ApiKeyOwner =
  | { userId: string }
  | { serviceAccount: { id?: string; name: string; createdAt?: number; role?: string; active?: boolean } };

export interface CostEntry {
  projectId: string;
  /** Start of the UTC day the cost belongs to. */
  dayStart: number;
  lineItem: string;
  amountUsd: number;
}

interface ProjectRecord {
  id: string;
  name: string;
  createdAt: number;
  archivedAt: number | null;
  externalKeyId: string | null;
}

interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  role: OrgRole;
  addedAt: number;
}

interface MembershipRecord {
  userId: string;
  role: ProjectRole;
  addedAt: number;
}

interface InviteRecord {
  id: string;
  email: string;
  role: OrgRole;
  projects: InviteProject[];
  createdAt: number;
  expiresAt: number | null;
  acceptedAt: number | null;
  /** As stored; a pending invite past `expiresAt` is reported as `expired` (see `inviteStatus`). */
  status: InviteStatus;
}

interface ApiKeyRecord {
  id: string;
  projectId: string;
  name: string;
  redactedValue: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** A user owner's details as of the key's creation: a departed user's key is still listed. */
  user: { id: string; email: string; name: string; createdAt: number; role: string } | null;
  serviceAccount: { id: string; name: string; createdAt: number; role: string; active: boolean } | null;
}

interface SpendLimitRecord {
  thresholdCents: number;
  /** Set by a test to force the enforcement state; otherwise it follows this month's costs. */
  enforcing: boolean | undefined;
}

export class FakeAdminState {
  readonly #projects = new Map<string, ProjectRecord>();
  readonly #users = new Map<string, UserRecord>();
  readonly #invites = new Map<string, InviteRecord>();
  readonly #members = new Map<string, Map<string, MembershipRecord>>();
  readonly #costs = new Map<string, CostEntry>();
  readonly #spendLimits = new Map<string, SpendLimitRecord>();
  readonly #apiKeys = new Map<string, ApiKeyRecord>();
  /** The same keys by project, so a project's list does not walk every key of the org. */
  readonly #apiKeysByProject = new Map<string, Map<string, ApiKeyRecord>>();
  /**
   * Position of every object ever listed, by `<list>:<id>`. Kept after deletion so that an `after`
   * cursor naming an object deleted between two page requests still finds its place, as a sweep
   * that removes people while paging needs.
   */
  readonly #positions = new Map<string, number>();
  /** Model allow/deny lists by project id (`/projects/{id}/model_permissions`); absent: every model. */
  readonly modelPermissions = new Map<string, { mode: 'allow_list' | 'deny_list'; model_ids: string[] }>();
  #nextPosition = 1;
  /** Service accounts and their keys (`service-accounts.ts`). */
  readonly serviceAccounts: FakeServiceAccounts;

  constructor(private readonly now: () => number) {
    this.serviceAccounts = new FakeServiceAccounts(now, {
      added: (key, account) =>
        this.addApiKey({
          projectId: key.projectId,
          id: key.id,
          name: key.name,
          createdAt: key.createdAt,
          owner: {
            serviceAccount: {
              id: account.id,
              name: account.name,
              createdAt: account.created_at,
              role: account.role,
            },
          },
        }),
      removed: (keyId) => this.removeApiKey(keyId),
    });
    this.addProject({ id: DEFAULT_PROJECT_ID, name: DEFAULT_PROJECT_NAME });
  }

  // ---- projects ----

  addProject(input: {
    id?: string;
    name: string;
    status?: 'active' | 'archived';
    createdAt?: number;
    externalKeyId?: string | null;
  }): Project {
    const id = input.id ?? newId('proj_');
    if (this.#projects.has(id)) throw new Error(`addProject: a project with id '${id}' already exists.`);
    const createdAt = input.createdAt ?? this.now();
    const record: ProjectRecord = {
      id,
      name: input.name,
      createdAt,
      archivedAt: input.status === 'archived' ? Math.max(createdAt, this.now()) : null,
      externalKeyId: input.externalKeyId ?? null,
    };
    this.#projects.set(id, record);
    this.#members.set(id, new Map());
    this.#place('projects', id);
    return toProject(record);
  }

  project(projectId: string): Project | undefined {
    const record = this.#projects.get(projectId);
    return record && toProject(record);
  }

  /** Every project, archived ones included, oldest first. */
  projects(): Project[] {
    return [...this.#projects.values()].map(toProject);
  }

  updateProject(projectId: string, changes: { name?: string; externalKeyId?: string | null }): Project {
    const record = this.#requireProject(projectId, 'updateProject');
    if (changes.name !== undefined) record.name = changes.name;
    if (changes.externalKeyId !== undefined) record.externalKeyId = changes.externalKeyId;
    return toProject(record);
  }

  /** Archived projects have no users (spec: "archived projects have no users"), so memberships go. */
  archiveProject(projectId: string): Project {
    const record = this.#requireProject(projectId, 'archiveProject');
    record.archivedAt ??= this.now();
    this.#members.get(projectId)?.clear();
    return toProject(record);
  }

  // ---- users ----

  addUser(input: {
    id?: string;
    email: string;
    name?: string | null;
    role?: OrgRole;
    addedAt?: number;
  }): User {
    const existing = this.userByEmail(input.email);
    if (existing) throw new Error(`addUser: '${input.email}' is already org user '${existing.id}'.`);
    const id = input.id ?? newId('user-');
    if (this.#users.has(id)) throw new Error(`addUser: a user with id '${id}' already exists.`);
    const record: UserRecord = {
      id,
      email: input.email,
      name: input.name ?? null,
      role: input.role ?? 'reader',
      addedAt: input.addedAt ?? this.now(),
    };
    this.#users.set(id, record);
    this.#place('users', id);
    return toUser(record);
  }

  user(userId: string): User | undefined {
    const record = this.#users.get(userId);
    return record && toUser(record);
  }

  /** Emails compare case-insensitively, as mailboxes do. */
  userByEmail(email: string): User | undefined {
    const wanted = email.toLowerCase();
    const record = [...this.#users.values()].find((u) => u.email.toLowerCase() === wanted);
    return record && toUser(record);
  }

  users(): User[] {
    return [...this.#users.values()].map(toUser);
  }

  setUserRole(userId: string, role: OrgRole): User {
    const record = this.#requireUser(userId, 'setUserRole');
    record.role = role;
    return toUser(record);
  }

  /** Leaving the organization also ends every project membership. */
  removeUser(userId: string): void {
    this.#requireUser(userId, 'removeUser');
    this.#users.delete(userId);
    for (const members of this.#members.values()) members.delete(userId);
  }

  // ---- project memberships ----

  /**
   * Adds the user to the project, or sets their role if they are a member already. Unlike the API it
   * accepts the Default project, which is how tests seed memberships an invite would have granted.
   */
  addProjectUser(projectId: string, userId: string, role: ProjectRole): ProjectUser {
    const project = this.#requireProject(projectId, 'addProjectUser');
    const user = this.#requireUser(userId, 'addProjectUser');
    if (project.archivedAt !== null) {
      throw new Error(`addProjectUser: project '${projectId}' is archived; archived projects have no users.`);
    }
    const members = this.#membersOf(projectId);
    const existing = members.get(userId);
    if (existing) {
      existing.role = role;
      return toProjectUser(existing, user);
    }
    const record: MembershipRecord = { userId, role, addedAt: this.now() };
    members.set(userId, record);
    this.#place(`members:${projectId}`, userId);
    return toProjectUser(record, user);
  }

  projectUser(projectId: string, userId: string): ProjectUser | undefined {
    const record = this.#members.get(projectId)?.get(userId);
    const user = this.#users.get(userId);
    return record && user && toProjectUser(record, user);
  }

  projectUsers(projectId: string): ProjectUser[] {
    const members = [...(this.#members.get(projectId)?.values() ?? [])];
    return members.flatMap((m) => {
      const user = this.#users.get(m.userId);
      return user ? [toProjectUser(m, user)] : [];
    });
  }

  removeProjectUser(projectId: string, userId: string): void {
    this.#membersOf(projectId).delete(userId);
  }

  // ---- invites ----

  /**
   * Without `projects` the invite grants the Default project on acceptance: the API's legacy behaviour
   * for an omitted list (spec `InviteRequest.projects`). Pass `[]` for no project at all.
   */
  addInvite(input: {
    email: string;
    role?: OrgRole;
    projects?: InviteProject[];
    createdAt?: number;
    expiresAt?: number | null;
    status?: InviteStatus;
  }): Invite {
    const createdAt = input.createdAt ?? this.now();
    const status = input.status ?? 'pending';
    const record: InviteRecord = {
      id: newId('invite-'),
      email: input.email,
      role: input.role ?? 'reader',
      projects: (input.projects ?? [{ id: DEFAULT_PROJECT_ID, role: 'member' }]).map((p) => ({ ...p })),
      createdAt,
      expiresAt: input.expiresAt === undefined ? createdAt + INVITE_LIFETIME_SECONDS : input.expiresAt,
      acceptedAt: status === 'accepted' ? this.now() : null,
      status,
    };
    this.#invites.set(record.id, record);
    this.#place('invites', record.id);
    return this.#toInvite(record);
  }

  invite(inviteId: string): Invite | undefined {
    const record = this.#invites.get(inviteId);
    return record && this.#toInvite(record);
  }

  invites(): Invite[] {
    return [...this.#invites.values()].map((r) => this.#toInvite(r));
  }

  /**
   * What happens when the invitee clicks the link: they become an org user (unless they already are)
   * and join the invite's projects, except archived or vanished ones, which can no longer be granted.
   */
  acceptInvite(inviteId: string, options: { name?: string } = {}): Invite {
    const record = this.#requireInvite(inviteId, 'acceptInvite');
    const status = this.#statusOf(record);
    if (status !== 'pending') {
      throw new Error(`acceptInvite: invite '${inviteId}' is ${status}, not pending.`);
    }
    const user =
      this.userByEmail(record.email) ??
      this.addUser({
        email: record.email,
        name: options.name ?? record.email.split('@')[0],
        role: record.role,
      });
    for (const granted of record.projects) {
      const project = this.#projects.get(granted.id);
      if (!project || project.archivedAt !== null || this.#members.get(granted.id)?.has(user.id)) continue;
      this.addProjectUser(granted.id, user.id, granted.role);
    }
    record.status = 'accepted';
    record.acceptedAt = this.now();
    return this.#toInvite(record);
  }

  /** Makes a pending invite run out now. */
  expireInvite(inviteId: string): Invite {
    const record = this.#requireInvite(inviteId, 'expireInvite');
    if (record.status === 'accepted') {
      throw new Error(`expireInvite: invite '${inviteId}' is already accepted.`);
    }
    record.status = 'expired';
    record.expiresAt = Math.min(record.expiresAt ?? this.now(), this.now());
    return this.#toInvite(record);
  }

  removeInvite(inviteId: string): void {
    this.#invites.delete(inviteId);
  }

  // ---- costs and spend limits ----

  /**
   * Sets the cost of one line item of a project on the UTC day containing `dayStartUnix`. Calling it
   * again for the same project, day and line item replaces the amount; other line items add up.
   */
  setDailyCost(
    projectId: string,
    dayStartUnix: number,
    amountUsd: number,
    lineItem = DEFAULT_LINE_ITEM,
  ): void {
    this.#requireProject(projectId, 'setDailyCost');
    const dayStart = startOfUtcDay(dayStartUnix);
    this.#costs.set(`${projectId}|${dayStart}|${lineItem}`, { projectId, dayStart, lineItem, amountUsd });
  }

  costEntries(): CostEntry[] {
    return [...this.#costs.values()].map((c) => ({ ...c }));
  }

  /** `null` removes the limit. Without `enforcing`, the limit enforces once this month's costs reach it. */
  setSpendLimit(projectId: string, limit: { thresholdCents: number; enforcing?: boolean } | null): void {
    this.#requireProject(projectId, 'setSpendLimit');
    if (limit === null) {
      this.#spendLimits.delete(projectId);
      return;
    }
    this.#spendLimits.set(projectId, { thresholdCents: limit.thresholdCents, enforcing: limit.enforcing });
  }

  spendLimit(projectId: string): ProjectSpendLimit | undefined {
    const record = this.#spendLimits.get(projectId);
    if (!record) return undefined;
    const enforcing = record.enforcing ?? this.#monthToDateCents(projectId) >= record.thresholdCents;
    return {
      object: 'project.spend_limit',
      threshold_amount: record.thresholdCents,
      currency: 'USD',
      interval: 'month',
      enforcement: { status: enforcing ? 'enforcing' : 'inactive' },
    };
  }

  // ---- project API keys ----

  /**
   * Seeds a project API key. A user-owned key needs an org user (membership is not required: a key
   * whose owner left the project is what hygiene looks for); a service account is described inline.
   */
  addApiKey(input: {
    projectId: string;
    owner: ApiKeyOwner;
    id?: string;
    name?: string;
    createdAt?: number;
    lastUsedAt?: number | null;
  }): ProjectApiKey {
    this.#requireProject(input.projectId, 'addApiKey');
    const id = input.id ?? newId('key_');
    if (this.#apiKeys.has(id)) throw new Error(`addApiKey: a key with id '${id}' already exists.`);
    const createdAt = input.createdAt ?? this.now();
    let user: ApiKeyRecord['user'] = null;
    let serviceAccount: ApiKeyRecord['serviceAccount'] = null;
    if ('userId' in input.owner) {
      const owner = this.#requireUser(input.owner.userId, 'addApiKey');
      const role = this.#members.get(input.projectId)?.get(owner.id)?.role ?? 'member';
      user = { id: owner.id, email: owner.email, name: owner.name ?? '', createdAt: owner.addedAt, role };
    } else {
      const sa = input.owner.serviceAccount;
      serviceAccount = {
        id: sa.id ?? newId('svc_acct_'),
        name: sa.name,
        createdAt: sa.createdAt ?? createdAt,
        role: sa.role ?? 'member',
        active: sa.active ?? true,
      };
    }
    const suffix = randomBytes(2).toString('hex');
    const record: ApiKeyRecord = {
      id,
      projectId: input.projectId,
      name: input.name ?? `Key ${suffix}`,
      redactedValue: `sk-proj-****${suffix}`,
      createdAt,
      lastUsedAt: input.lastUsedAt ?? null,
      user,
      serviceAccount,
    };
    this.#apiKeys.set(id, record);
    const ofProject = this.#apiKeysByProject.get(input.projectId) ?? new Map<string, ApiKeyRecord>();
    ofProject.set(id, record);
    this.#apiKeysByProject.set(input.projectId, ofProject);
    this.#place(`api_keys:${input.projectId}`, id);
    return this.#toApiKey(record);
  }

  apiKey(projectId: string, keyId: string): ProjectApiKey | undefined {
    const record = this.#apiKeys.get(keyId);
    return record?.projectId === projectId ? this.#toApiKey(record) : undefined;
  }

  /** The project's keys in creation order, whatever their owner's access. */
  apiKeys(projectId: string): ProjectApiKey[] {
    return [...this.#apiKeys.values()].filter((k) => k.projectId === projectId).map((k) => this.#toApiKey(k));
  }

  /** Records a use of the key now (or at `at`). */
  useApiKey(keyId: string, at?: number): void {
    const record = this.#apiKeys.get(keyId);
    if (!record) throw new Error(`useApiKey: no key '${keyId}'.`);
    record.lastUsedAt = at ?? this.now();
  }

  removeApiKey(keyId: string): void {
    const record = this.#apiKeys.get(keyId);
    this.#apiKeys.delete(keyId);
    if (record) this.#apiKeysByProject.get(record.projectId)?.delete(keyId);
  }

  // ---- paging support ----

  /** Position of an object in its list (`projects`, `users`, `invites`, `members:<projectId>`), if ever listed. */
  positionOf(list: string, id: string): number | undefined {
    return this.#positions.get(`${list}:${id}`);
  }

  #place(list: string, id: string): void {
    this.#positions.set(`${list}:${id}`, this.#nextPosition++);
  }

  // ---- internals ----

  #statusOf(record: InviteRecord): InviteStatus {
    const lapsed = record.expiresAt !== null && record.expiresAt <= this.now();
    return record.status === 'pending' && lapsed ? 'expired' : record.status;
  }

  #toInvite(record: InviteRecord): Invite {
    return {
      object: 'organization.invite',
      id: record.id,
      email: record.email,
      role: record.role,
      status: this.#statusOf(record),
      created_at: record.createdAt,
      expires_at: record.expiresAt,
      accepted_at: record.acceptedAt,
      projects: record.projects.map((p) => ({ ...p })),
    };
  }

  /** `active` while the owner can still use the project: a user still in it, a service account not removed. */
  #toApiKey(record: ApiKeyRecord): ProjectApiKey {
    const base = {
      object: 'organization.project.api_key' as const,
      id: record.id,
      name: record.name,
      redacted_value: record.redactedValue,
      created_at: record.createdAt,
      last_used_at: record.lastUsedAt,
    };
    if (record.serviceAccount) {
      const sa = record.serviceAccount;
      return {
        ...base,
        owner_project_access: sa.active ? 'active' : 'inactive',
        owner: {
          type: 'service_account',
          service_account: { id: sa.id, name: sa.name, created_at: sa.createdAt, role: sa.role },
        },
      };
    }
    const owner = record.user ?? { id: '', email: '', name: '', createdAt: 0, role: 'member' };
    const current = this.#users.get(owner.id);
    const membership = this.#members.get(record.projectId)?.get(owner.id);
    return {
      ...base,
      owner_project_access: current && membership ? 'active' : 'inactive',
      owner: {
        type: 'user',
        user: {
          id: owner.id,
          email: current?.email ?? owner.email,
          name: current?.name ?? owner.name,
          created_at: owner.createdAt,
          role: membership?.role ?? owner.role,
        },
      },
    };
  }

  #monthToDateCents(projectId: string): number {
    const now = new Date(this.now() * 1000);
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000;
    let dollars = 0;
    for (const cost of this.#costs.values()) {
      if (cost.projectId === projectId && cost.dayStart >= monthStart) dollars += cost.amountUsd;
    }
    return Math.round(dollars * 100);
  }

  #membersOf(projectId: string): Map<string, MembershipRecord> {
    let members = this.#members.get(projectId);
    if (!members) {
      members = new Map();
      this.#members.set(projectId, members);
    }
    return members;
  }

  #requireProject(projectId: string, helper: string): ProjectRecord {
    const record = this.#projects.get(projectId);
    if (!record) throw new Error(`${helper}: no project '${projectId}'. Add it with state.addProject first.`);
    return record;
  }

  #requireUser(userId: string, helper: string): UserRecord {
    const record = this.#users.get(userId);
    if (!record) throw new Error(`${helper}: no org user '${userId}'. Add it with state.addUser first.`);
    return record;
  }

  #requireInvite(inviteId: string, helper: string): InviteRecord {
    const record = this.#invites.get(inviteId);
    if (!record) throw new Error(`${helper}: no invite '${inviteId}'.`);
    return record;
  }
}

export function startOfUtcDay(unixSeconds: number): number {
  return Math.floor(unixSeconds / DAY) * DAY;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Ids shaped like OpenAI's (`proj_…`, `user-…`, `invite-…`), so id parsing in the bot meets real ones. */
export function newId(prefix: string): string {
  const bytes = randomBytes(24);
  return prefix + Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

function toProject(record: ProjectRecord): Project {
  return {
    id: record.id,
    object: 'organization.project',
    name: record.name,
    created_at: record.createdAt,
    archived_at: record.archivedAt,
    status: record.archivedAt === null ? 'active' : 'archived',
    ...(record.externalKeyId === null ? {} : { external_key_id: record.externalKeyId }),
  };
}

function toUser(record: UserRecord): User {
  return {
    object: 'organization.user',
    id: record.id,
    name: record.name,
    email: record.email,
    role: record.role,
    added_at: record.addedAt,
  };
}

function toProjectUser(record: MembershipRecord, user: UserRecord): ProjectUser {
  return {
    object: 'organization.project.user',
    id: user.id,
    name: user.name,
    email: user.email,
    role: record.role,
    added_at: record.addedAt,
  };
}
