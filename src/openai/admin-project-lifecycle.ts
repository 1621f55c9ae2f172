import type OpenAI from 'openai';
import { Project } from './admin-types.js';

type Attempt = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

/** Creating, archiving and restricting projects: the calls behind `/access new-project` and `/access archive`. */
export interface ProjectLifecycleApi {
  /** Never retried: a retried create can make a second project. Reconcile by listing by name instead. */
  createProject(name: string): Promise<Project>;
  /** Archiving cannot be undone; archiving an archived project again is harmless. */
  archiveProject(projectId: string): Promise<Project>;
  /** Only these models may be used in the project (OpenAI's `model_permissions` allow list). */
  setModelAllowList(projectId: string, modelIds: readonly string[]): Promise<string[]>;
}

export function projectLifecycleCalls(
  org: OpenAI['admin']['organization'],
  attempt: Attempt,
): ProjectLifecycleApi {
  return {
    createProject: (name) =>
      attempt(`create project ${name}`, async () =>
        Project.parse(await org.projects.create({ name }, { maxRetries: 0 })),
      ),
    archiveProject: (projectId) =>
      attempt(`archive project ${projectId}`, async () =>
        Project.parse(await org.projects.archive(projectId)),
      ),
    // Setting the same list again is safe to retry.
    setModelAllowList: (projectId, modelIds) =>
      attempt(`set the models of project ${projectId}`, async () => {
        const answer = await org.projects.modelPermissions.update(projectId, {
          mode: 'allow_list',
          model_ids: [...modelIds],
        });
        return [...answer.model_ids];
      }),
  };
}
