/**
 * `/organization/projects/{project_id}/model_permissions`: a project's model allow or deny list.
 * A project nobody restricted answers an empty deny list (every model allowed); DELETE returns it
 * to that state.
 */
import { invalidType, missingParameter } from './errors.js';
import { bodyObject, requiredEnum } from './params.js';
import type { Route, RouteRequest } from './routes.js';
import type { Project } from './state.js';

type ProjectLookup = (state: RouteRequest['state'], params: RouteRequest['params']) => Project;

export function modelPermissionRoutes(lookup: {
  requireProject: ProjectLookup;
  requireActiveProject: ProjectLookup;
}): Route[] {
  const path = '/organization/projects/{project_id}/model_permissions';
  return [
    {
      method: 'GET',
      path,
      handle: ({ params, state }) => {
        const project = lookup.requireProject(state, params);
        const current = state.modelPermissions.get(project.id) ?? { mode: 'deny_list', model_ids: [] };
        return { object: 'project.model_permissions', ...current };
      },
    },
    {
      method: 'POST',
      path,
      handle: ({ params, body, state }) => {
        const project = lookup.requireActiveProject(state, params);
        const input = bodyObject(body);
        const mode = requiredEnum(input, 'mode', ['allow_list', 'deny_list'] as const);
        if (input.model_ids === undefined) throw missingParameter('model_ids');
        const ids = input.model_ids;
        if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
          throw invalidType('model_ids', 'an array of strings', ids);
        }
        const permissions = { mode, model_ids: [...(ids as string[])] };
        state.modelPermissions.set(project.id, permissions);
        return { object: 'project.model_permissions', ...permissions };
      },
    },
    {
      method: 'DELETE',
      path,
      handle: ({ params, state }) => {
        const project = lookup.requireProject(state, params);
        state.modelPermissions.delete(project.id);
        return { object: 'project.model_permissions.deleted', deleted: true };
      },
    },
  ];
}
