/**
 * Project API keys (`/organization/projects/{project_id}/api_keys`), as the spec describes them:
 * listed with `owner_project_access=active|inactive|any` (omitted: only keys whose owner still has
 * access, the "membership-based visibility rules" that "may exclude some enabled keys"); a user's
 * key can be deleted, a service account's key cannot (400: delete the service account instead).
 */
import { badRequest, invalidValue, notFound } from './errors.js';
import { cursorPage } from './paging.js';
import { queryString } from './params.js';
import type { RouteRequest } from './routes.js';
import type { FakeAdminState, ProjectApiKey } from './state.js';

const ACCESS = ['active', 'inactive', 'any'] as const;

export function listApiKeys({ params, query, state }: RouteRequest) {
  const projectId = requireProjectId(state, params);
  const access = queryString(query, 'owner_project_access');
  if (access !== undefined && !(ACCESS as readonly string[]).includes(access)) {
    throw invalidValue('owner_project_access', access, ACCESS);
  }
  const wanted = access ?? 'active';
  const keys = state.apiKeys(projectId).filter((k) => wanted === 'any' || k.owner_project_access === wanted);
  return cursorPage(keys, query, (id) => state.positionOf(`api_keys:${projectId}`, id));
}

export function retrieveApiKey({ params, state }: RouteRequest) {
  return requireKey(state, params);
}

export function deleteApiKey({ params, state }: RouteRequest) {
  const key = requireKey(state, params);
  if (key.owner.type === 'service_account') {
    throw badRequest(
      `API key '${key.id}' belongs to the service account '${key.owner.service_account.id}' and cannot be ` +
        'deleted on its own. Delete the service account instead.',
      'api_key_id',
    );
  }
  state.removeApiKey(key.id);
  return { object: 'organization.project.api_key.deleted', id: key.id, deleted: true };
}

function requireProjectId(state: FakeAdminState, params: RouteRequest['params']): string {
  const id = params.project_id ?? '';
  if (!state.project(id)) throw notFound(`No project found with id '${id}'.`, 'project_id');
  return id;
}

function requireKey(state: FakeAdminState, params: RouteRequest['params']): ProjectApiKey {
  const projectId = requireProjectId(state, params);
  const id = params.api_key_id ?? '';
  const key = state.apiKey(projectId, id);
  if (!key) throw notFound(`No API key found with id '${id}' in project '${projectId}'.`, 'api_key_id');
  return key;
}
