/**
 * Service accounts of the fake Admin API (openapi-admin.yaml: ProjectServiceAccount,
 * ProjectServiceAccountCreateResponse, ServiceAccountApiKeyBody). A create returns the key's secret
 * once, as OpenAI does; afterwards only a redacted form and its last use are kept (`keysOf`), so a
 * test can check the secret lives nowhere but in the create's answer. `create_service_account_only`
 * makes an account with role `none` and no key.
 */
import { randomBytes } from 'node:crypto';
import { badRequest, notFound } from './errors.js';
import { cursorPage } from './paging.js';
import { bodyObject, optionalString, requiredString } from './params.js';
import type { Route, RouteRequest } from './routes.js';
import { newId, type Project } from './state.js';

export type ServiceAccountRole = 'owner' | 'member' | 'none';

/** `ProjectServiceAccount` in the spec. */
export interface ServiceAccount {
  object: 'organization.project.service_account';
  id: string;
  name: string;
  role: ServiceAccountRole;
  created_at: number;
}

/** A key of a service account as the fake remembers it: never its secret. */
export interface ServiceAccountKey {
  id: string;
  name: string;
  serviceAccountId: string;
  projectId: string;
  redactedValue: string;
  createdAt: number;
}

interface AccountRecord {
  id: string;
  projectId: string;
  name: string;
  role: ServiceAccountRole;
  createdAt: number;
}

export class FakeServiceAccounts {
  readonly #accounts = new Map<string, AccountRecord>();
  readonly #keys = new Map<string, ServiceAccountKey>();
  readonly #positions = new Map<string, number>();
  #next = 1;
  /** Every secret the fake ever handed out, so a test can look for them elsewhere. */
  readonly secretsIssued: string[] = [];

  constructor(
    private readonly now: () => number,
    /** Mirrors keys into the project's API-key list (`GET …/api_keys`), where OpenAI lists them too. */
    private readonly keyList?: {
      added(key: ServiceAccountKey, account: ServiceAccount): void;
      removed(keyId: string): void;
    },
  ) {}

  /** Adds an account directly (arranging a test); `withKey` also gives it a key (secret discarded). */
  add(input: {
    projectId: string;
    name: string;
    role?: ServiceAccountRole;
    createdAt?: number;
  }): ServiceAccount {
    const record: AccountRecord = {
      id: newId('svc_acct_'),
      projectId: input.projectId,
      name: input.name,
      role: input.role ?? 'member',
      createdAt: input.createdAt ?? this.now(),
    };
    this.#accounts.set(record.id, record);
    this.#positions.set(record.id, this.#next++);
    return toAccount(record);
  }

  list(projectId: string): ServiceAccount[] {
    return [...this.#accounts.values()].filter((a) => a.projectId === projectId).map(toAccount);
  }

  get(projectId: string, id: string): ServiceAccount | undefined {
    const record = this.#accounts.get(id);
    return record && record.projectId === projectId ? toAccount(record) : undefined;
  }

  positionOf(id: string): number | undefined {
    return this.#positions.get(id);
  }

  /** Deleting an account deletes its keys with it. */
  remove(projectId: string, id: string): boolean {
    const record = this.#accounts.get(id);
    if (!record || record.projectId !== projectId) return false;
    this.#accounts.delete(id);
    for (const [keyId, key] of this.#keys) {
      if (key.serviceAccountId !== id) continue;
      this.#keys.delete(keyId);
      this.keyList?.removed(keyId);
    }
    return true;
  }

  /** A new key: the secret is returned here and never kept. */
  issueKey(projectId: string, serviceAccountId: string, name: string) {
    const value = `sk-svcacct-${randomBytes(24).toString('base64url')}`;
    const key: ServiceAccountKey = {
      id: newId('key_'),
      name,
      serviceAccountId,
      projectId,
      redactedValue: `sk-svcacct-...${value.slice(-4)}`,
      createdAt: this.now(),
    };
    this.#keys.set(key.id, key);
    this.secretsIssued.push(value);
    const account = this.#accounts.get(serviceAccountId);
    if (account) this.keyList?.added({ ...key }, toAccount(account));
    return {
      object: 'organization.project.service_account.api_key' as const,
      value,
      name: key.name,
      created_at: key.createdAt,
      id: key.id,
    };
  }

  /** Keys of a project's service accounts (or of one account), oldest first. */
  keysOf(projectId: string, serviceAccountId?: string): ServiceAccountKey[] {
    return [...this.#keys.values()]
      .filter(
        (k) => k.projectId === projectId && (!serviceAccountId || k.serviceAccountId === serviceAccountId),
      )
      .map((k) => ({ ...k }));
  }

  /** The account a service-account key belongs to (for an API-key listing), if any. */
  ownerOfKey(keyId: string): ServiceAccount | undefined {
    const key = this.#keys.get(keyId);
    const record = key && this.#accounts.get(key.serviceAccountId);
    return record && toAccount(record);
  }
}

function toAccount(record: AccountRecord): ServiceAccount {
  return {
    object: 'organization.project.service_account',
    id: record.id,
    name: record.name,
    role: record.role,
    created_at: record.createdAt,
  };
}

// ---- routes ----

function activeProject({ params, state }: RouteRequest): Project {
  const id = params.project_id ?? '';
  const project = state.project(id);
  if (!project) throw notFound(`No project found with id '${id}'.`, 'project_id');
  if (project.status === 'archived') {
    throw badRequest(
      `Project '${project.id}' is archived. Archived projects have no service accounts.`,
      'project_id',
    );
  }
  return project;
}

function requireAccount(request: RouteRequest, project: Project): ServiceAccount {
  const id = request.params.service_account_id ?? '';
  const account = request.state.serviceAccounts.get(project.id, id);
  if (!account) {
    throw notFound(
      `No service account found with id '${id}' in project '${project.id}'.`,
      'service_account_id',
    );
  }
  return account;
}

function listAccounts(request: RouteRequest) {
  const project = activeProject(request);
  const accounts = request.state.serviceAccounts;
  return cursorPage(accounts.list(project.id), request.query, (id) => accounts.positionOf(id));
}

function createAccount(request: RouteRequest) {
  const project = activeProject(request);
  const input = bodyObject(request.body);
  const name = requiredString(input, 'name').trim();
  if (name === '')
    throw badRequest("Invalid 'name': a service account needs a name.", 'name', 'invalid_value');
  const only = input.create_service_account_only;
  if (only !== undefined && only !== null && typeof only !== 'boolean') {
    throw badRequest(
      "Invalid type for 'create_service_account_only': expected a boolean.",
      'create_service_account_only',
    );
  }
  const accounts = request.state.serviceAccounts;
  const account = accounts.add({ projectId: project.id, name, role: only ? 'none' : 'member' });
  const apiKey = only ? null : accounts.issueKey(project.id, account.id, 'Secret Key');
  return {
    object: account.object,
    id: account.id,
    name: account.name,
    role: account.role as 'member' | 'none',
    created_at: account.created_at,
    api_key: apiKey,
  };
}

function retrieveAccount(request: RouteRequest) {
  return requireAccount(request, activeProject(request));
}

function deleteAccount(request: RouteRequest) {
  const project = activeProject(request);
  const account = requireAccount(request, project);
  request.state.serviceAccounts.remove(project.id, account.id);
  return { object: 'organization.project.service_account.deleted', id: account.id, deleted: true };
}

function createKey(request: RouteRequest) {
  const project = activeProject(request);
  const account = requireAccount(request, project);
  const input = request.body === undefined ? {} : bodyObject(request.body);
  const name = optionalString(input, 'name') ?? 'Secret Key';
  return request.state.serviceAccounts.issueKey(project.id, account.id, name);
}

const ACCOUNTS = '/organization/projects/{project_id}/service_accounts';
const ACCOUNT = `${ACCOUNTS}/{service_account_id}`;

export const SERVICE_ACCOUNT_ROUTES: readonly Route[] = [
  { method: 'GET', path: ACCOUNTS, handle: listAccounts },
  { method: 'POST', path: ACCOUNTS, handle: createAccount },
  { method: 'GET', path: ACCOUNT, handle: retrieveAccount },
  { method: 'DELETE', path: ACCOUNT, handle: deleteAccount },
  { method: 'POST', path: `${ACCOUNT}/api_keys`, handle: createKey },
];
