/**
 * The route table of the fake Admin API. Paths are the spec's own templates (`{project_id}`), so the
 * contract test can look every implemented operation up in `openapi-admin.yaml`.
 *
 * A handler returns the 200 answer's body or throws an `AdminApiError`. The 400s follow the spec's
 * descriptions (archived projects have no users, the Default project cannot be modified, users must
 * be org members before joining a project, an accepted invite cannot be deleted).
 */
import { deleteApiKey, listApiKeys, retrieveApiKey } from './api-key-routes.js';
import { listCosts } from './costs.js';
import { badRequest, invalidType, missingParameter, notFound } from './errors.js';
import { cursorPage } from './paging.js';
import {
  bodyObject,
  checkEnum,
  optionalEnum,
  optionalString,
  type Query,
  queryBoolean,
  queryList,
  requiredEnum,
  requiredInteger,
  requiredString,
} from './params.js';
import {
  DEFAULT_PROJECT_ID,
  type FakeAdminState,
  type InviteProject,
  type OrgRole,
  type Project,
  type ProjectRole,
  type User,
} from './state.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteRequest {
  params: Readonly<Record<string, string>>;
  query: Query;
  /** Parsed JSON body, `undefined` when the request had none. */
  body: unknown;
  state: FakeAdminState;
  /** Unix seconds. */
  now: number;
}

export interface Route {
  method: HttpMethod;
  /** The spec's path template, without the `/v1` prefix. */
  path: string;
  handle(request: RouteRequest): unknown;
}

const ORG_ROLES: readonly OrgRole[] = ['reader', 'owner'];
const PROJECT_ROLES: readonly ProjectRole[] = ['owner', 'member'];

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/organization/invites', handle: listInvites },
  { method: 'POST', path: '/organization/invites', handle: createInvite },
  { method: 'GET', path: '/organization/invites/{invite_id}', handle: retrieveInvite },
  { method: 'DELETE', path: '/organization/invites/{invite_id}', handle: deleteInvite },

  { method: 'GET', path: '/organization/users', handle: listUsers },
  { method: 'GET', path: '/organization/users/{user_id}', handle: retrieveUser },
  { method: 'POST', path: '/organization/users/{user_id}', handle: updateUser },
  { method: 'DELETE', path: '/organization/users/{user_id}', handle: deleteUser },

  { method: 'GET', path: '/organization/projects', handle: listProjects },
  { method: 'POST', path: '/organization/projects', handle: createProject },
  { method: 'GET', path: '/organization/projects/{project_id}', handle: retrieveProject },
  { method: 'POST', path: '/organization/projects/{project_id}', handle: updateProject },
  { method: 'POST', path: '/organization/projects/{project_id}/archive', handle: archiveProject },

  { method: 'GET', path: '/organization/projects/{project_id}/users', handle: listMembers },
  { method: 'POST', path: '/organization/projects/{project_id}/users', handle: addMember },
  { method: 'GET', path: '/organization/projects/{project_id}/users/{user_id}', handle: retrieveMember },
  { method: 'POST', path: '/organization/projects/{project_id}/users/{user_id}', handle: updateMember },
  { method: 'DELETE', path: '/organization/projects/{project_id}/users/{user_id}', handle: removeMember },

  { method: 'GET', path: '/organization/costs', handle: costs },

  { method: 'GET', path: '/organization/projects/{project_id}/spend_limit', handle: retrieveSpendLimit },
  { method: 'POST', path: '/organization/projects/{project_id}/spend_limit', handle: updateSpendLimit },
  { method: 'DELETE', path: '/organization/projects/{project_id}/spend_limit', handle: deleteSpendLimit },

  { method: 'GET', path: '/organization/projects/{project_id}/api_keys', handle: listApiKeys },
  {
    method: 'GET',
    path: '/organization/projects/{project_id}/api_keys/{api_key_id}',
    handle: retrieveApiKey,
  },
  {
    method: 'DELETE',
    path: '/organization/projects/{project_id}/api_keys/{api_key_id}',
    handle: deleteApiKey,
  },
];

const COMPILED = ROUTES.map((route) => ({ route, ...compileTemplate(route.path) }));

export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern, names } of COMPILED) {
    if (route.method !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), names };
}

// ---- invites ----

function listInvites({ query, state }: RouteRequest) {
  return cursorPage(state.invites(), query, (id) => state.positionOf('invites', id));
}

function createInvite({ body, state }: RouteRequest) {
  const input = bodyObject(body);
  const email = requiredString(input, 'email').trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw badRequest(`Invalid 'email': '${email}' is not an email address.`, 'email', 'invalid_value');
  }
  const role = requiredEnum(input, 'role', ORG_ROLES);
  const projects = parseInviteProjects(input.projects, state);
  const member = state.userByEmail(email);
  if (member) {
    throw badRequest(
      `'${email}' is already a member of this organization (user '${member.id}'). ` +
        'Add them to projects with POST /v1/organization/projects/{project_id}/users instead of inviting them.',
      'email',
    );
  }
  return state.addInvite({ email, role, ...(projects ? { projects } : {}) });
}

/** `undefined` keeps the API's legacy default: the invitee joins the Default project. */
function parseInviteProjects(value: unknown, state: FakeAdminState): InviteProject[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidType('projects', 'an array', value);
  return value.map((item: unknown, i) => {
    const entry = bodyObjectAt(item, `projects[${i}]`);
    const id = requiredString(entry, 'id');
    const role = checkEnum(`projects[${i}].role`, entry.role, PROJECT_ROLES);
    const project = state.project(id);
    if (!project) {
      throw badRequest(`No project found with id '${id}' (in 'projects[${i}].id').`, `projects[${i}].id`);
    }
    if (project.status === 'archived') {
      throw badRequest(`Project '${id}' is archived; an invite cannot grant it.`, `projects[${i}].id`);
    }
    return { id, role };
  });
}

function bodyObjectAt(value: unknown, param: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidType(param, 'an object', value);
  }
  return value as Record<string, unknown>;
}

function retrieveInvite({ params, state }: RouteRequest) {
  return requireInvite(state, params);
}

function deleteInvite({ params, state }: RouteRequest) {
  const invite = requireInvite(state, params);
  if (invite.status === 'accepted') {
    throw badRequest(
      `Invite '${invite.id}' has already been accepted and cannot be deleted. ` +
        'To take access away, remove the user from the organization or from its projects.',
    );
  }
  state.removeInvite(invite.id);
  return { object: 'organization.invite.deleted', id: invite.id, deleted: true };
}

function requireInvite(state: FakeAdminState, params: RouteRequest['params']) {
  const id = params.invite_id ?? '';
  const invite = state.invite(id);
  if (!invite) throw notFound(`No invite found with id '${id}'.`, 'invite_id');
  return invite;
}

// ---- users ----

function listUsers({ query, state }: RouteRequest) {
  const emails = new Set(queryList(query, 'emails').map((e) => e.toLowerCase()));
  const users = state.users().filter((u) => emails.size === 0 || emails.has((u.email ?? '').toLowerCase()));
  return cursorPage(users, query, (id) => state.positionOf('users', id));
}

function retrieveUser({ params, state }: RouteRequest) {
  return requireUser(state, params);
}

function updateUser({ params, body, state }: RouteRequest) {
  const user = requireUser(state, params);
  const role = optionalEnum(bodyObject(body), 'role', ORG_ROLES);
  return role ? state.setUserRole(user.id, role) : user;
}

function deleteUser({ params, state }: RouteRequest) {
  const user = requireUser(state, params);
  state.removeUser(user.id);
  return { object: 'organization.user.deleted', id: user.id, deleted: true };
}

function requireUser(state: FakeAdminState, params: RouteRequest['params']): User {
  const id = params.user_id ?? '';
  const user = state.user(id);
  if (!user) throw notFound(`No user found with id '${id}' in this organization.`, 'user_id');
  return user;
}

// ---- projects ----

function listProjects({ query, state }: RouteRequest) {
  const includeArchived = queryBoolean(query, 'include_archived') ?? false;
  const projects = state.projects().filter((p) => includeArchived || p.status !== 'archived');
  return cursorPage(projects, query, (id) => state.positionOf('projects', id));
}

function createProject({ body, state }: RouteRequest) {
  const input = bodyObject(body);
  const name = requiredString(input, 'name').trim();
  if (name === '') {
    throw badRequest("Invalid 'name': a project needs a non-empty name.", 'name', 'invalid_value');
  }
  return state.addProject({ name, externalKeyId: optionalString(input, 'external_key_id') ?? null });
}

function retrieveProject({ params, state }: RouteRequest) {
  return requireProject(state, params);
}

function updateProject({ params, body, state }: RouteRequest) {
  const project = requireProject(state, params);
  if (project.id === DEFAULT_PROJECT_ID) throw badRequest('The Default project cannot be modified.');
  if (project.status === 'archived') {
    throw badRequest(`Project '${project.id}' is archived; archived projects cannot be updated.`);
  }
  const input = bodyObject(body);
  const name = optionalString(input, 'name')?.trim();
  if (name === '') {
    throw badRequest("Invalid 'name': a project needs a non-empty name.", 'name', 'invalid_value');
  }
  const externalKeyId = optionalString(input, 'external_key_id');
  return state.updateProject(project.id, {
    ...(name === undefined ? {} : { name }),
    ...(externalKeyId === undefined ? {} : { externalKeyId }),
  });
}

function archiveProject({ params, state }: RouteRequest) {
  const project = requireProject(state, params);
  if (project.id === DEFAULT_PROJECT_ID) throw badRequest('The Default project cannot be archived.');
  return state.archiveProject(project.id);
}

function requireProject(state: FakeAdminState, params: RouteRequest['params']): Project {
  const id = params.project_id ?? '';
  const project = state.project(id);
  if (!project) throw notFound(`No project found with id '${id}'.`, 'project_id');
  return project;
}

/** The project, refusing archived ones: they have no users and cannot be changed. */
function requireActiveProject(state: FakeAdminState, params: RouteRequest['params']): Project {
  const project = requireProject(state, params);
  if (project.status === 'archived') {
    throw badRequest(
      `Project '${project.id}' (${project.name}) is archived. Archived projects have no users and cannot be changed.`,
      'project_id',
    );
  }
  return project;
}

// ---- project users (members) ----

function listMembers({ params, query, state }: RouteRequest) {
  const project = requireActiveProject(state, params);
  return cursorPage(state.projectUsers(project.id), query, (id) =>
    state.positionOf(`members:${project.id}`, id),
  );
}

function addMember({ params, body, state }: RouteRequest) {
  const project = requireActiveProject(state, params);
  if (project.id === DEFAULT_PROJECT_ID) {
    throw badRequest(
      'The Default project cannot take members directly. People join it only by accepting an ' +
        'organization invite that grants it (an invite created without a project list does).',
      'project_id',
    );
  }
  const input = bodyObject(body);
  const role = requiredEnum(input, 'role', PROJECT_ROLES);
  const user = orgMemberFrom(input, state);
  const existing = state.projectUser(project.id, user.id);
  if (existing) {
    throw badRequest(
      `User '${user.id}' is already a member of project '${project.id}' with role '${existing.role}'. ` +
        `To change the role, POST /v1/organization/projects/${project.id}/users/${user.id} with {"role": "${role}"}.`,
      'user_id',
    );
  }
  return state.addProjectUser(project.id, user.id, role);
}

/** The org user named by `user_id` or `email`: only org members can join a project. */
function orgMemberFrom(input: Record<string, unknown>, state: FakeAdminState): User {
  const userId = optionalString(input, 'user_id');
  const email = optionalString(input, 'email');
  const invite = 'Invite them with POST /v1/organization/invites and add them once they have accepted.';
  if (userId !== undefined) {
    const user = state.user(userId);
    if (!user) {
      throw badRequest(`User '${userId}' is not a member of this organization. ${invite}`, 'user_id');
    }
    return user;
  }
  if (email !== undefined) {
    const user = state.userByEmail(email);
    if (!user) {
      throw badRequest(`No member of this organization has the email '${email}'. ${invite}`, 'email');
    }
    return user;
  }
  throw missingParameter('user_id');
}

function retrieveMember({ params, state }: RouteRequest) {
  const project = requireProject(state, params);
  return requireProjectUser(state, project, params.user_id ?? '');
}

function updateMember({ params, body, state }: RouteRequest) {
  const project = requireActiveProject(state, params);
  const member = requireProjectUser(state, project, params.user_id ?? '');
  const role = requiredEnum(bodyObject(body), 'role', PROJECT_ROLES);
  return state.addProjectUser(project.id, member.id, role);
}

function removeMember({ params, state }: RouteRequest) {
  const project = requireActiveProject(state, params);
  const member = requireProjectUser(state, project, params.user_id ?? '');
  state.removeProjectUser(project.id, member.id);
  return { object: 'organization.project.user.deleted', id: member.id, deleted: true };
}

function requireProjectUser(state: FakeAdminState, project: Project, userId: string) {
  const member = state.projectUser(project.id, userId);
  if (member) return member;
  if (!state.user(userId)) {
    throw notFound(`No user found with id '${userId}' in this organization.`, 'user_id');
  }
  throw notFound(`User '${userId}' is not a member of project '${project.id}'.`, 'user_id');
}

// ---- costs and spend limits ----

function costs({ query, state, now }: RouteRequest) {
  return listCosts(state.costEntries(), query, now);
}

function retrieveSpendLimit({ params, state }: RouteRequest) {
  const project = requireProject(state, params);
  return state.spendLimit(project.id) ?? throwNoSpendLimit(project);
}

function updateSpendLimit({ params, body, state }: RouteRequest) {
  const project = requireActiveProject(state, params);
  const input = bodyObject(body);
  const thresholdCents = requiredInteger(input, 'threshold_amount', 1);
  requiredEnum(input, 'currency', ['USD']);
  requiredEnum(input, 'interval', ['month']);
  state.setSpendLimit(project.id, { thresholdCents });
  return state.spendLimit(project.id);
}

function deleteSpendLimit({ params, state }: RouteRequest) {
  const project = requireProject(state, params);
  if (!state.spendLimit(project.id)) throwNoSpendLimit(project);
  state.setSpendLimit(project.id, null);
  return { object: 'project.spend_limit.deleted', deleted: true };
}

function throwNoSpendLimit(project: Project): never {
  throw notFound(
    `Project '${project.id}' has no hard spend limit. Set one with POST /v1/organization/projects/${project.id}/spend_limit.`,
    'project_id',
  );
}
