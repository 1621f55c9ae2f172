import { subHours } from 'date-fns/subHours';
import { subMinutes } from 'date-fns/subMinutes';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import {
  knownProjectName,
  knownProjects,
  lastProjectListing,
  rememberProjects,
} from '../db/known-projects.js';
import { matchProject, type ProjectMatch } from '../domain/project-match.js';
import type { AdminApi } from '../openai/admin-client.js';

export interface DirectoryProject {
  id: string;
  /** The project's name, or its id when OpenAI has none. */
  name: string;
  archived: boolean;
}

/** How long a project listing is trusted before budget reports list the projects again. */
const MAX_AGE_HOURS = 24;
/** An unknown id in the costs lists the projects again, but not more often than this. */
const STRANGER_RELIST_MINUTES = 5;

/**
 * Project names for budget reports, exports and alerts, from a cache of OpenAI's project list.
 * Listing a thousand projects takes ten calls; the cache is listed again once a day, or at once
 * when a report meets a project id it does not know (a project created since).
 */
export class ProjectDirectory {
  constructor(private readonly deps: { db: Db; admin: AdminApi; clock: Clock }) {}

  /** Every project, archived ones included; listed from OpenAI again when stale or `mustKnow` names a stranger. */
  async projects(mustKnow: Iterable<string> = []): Promise<DirectoryProject[]> {
    return (await this.#load(mustKnow)).projects;
  }

  /** Lists every project from OpenAI now and remembers them. */
  async refresh(): Promise<DirectoryProject[]> {
    const { db, admin, clock } = this.deps;
    const listed = (await admin.listProjects({ includeArchived: true })).map((p) => ({
      id: p.id,
      name: p.name || p.id,
      archived: p.status === 'archived' || p.archived_at != null,
    }));
    await rememberProjects(db, listed, clock.now());
    return listed.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The project a person named (name in any case, or id); on a miss a cached list is read again once. */
  async find(typed: string): Promise<ProjectMatch<DirectoryProject>> {
    const { projects, listed } = await this.#load([]);
    const match = matchProject(projects, typed);
    if (match.found || listed) return match;
    return matchProject(await this.refresh(), typed);
  }

  /**
   * The project an id names: from the remembered list, else one read of that project. Used
   * before a modal is acknowledged, so it never lists every project. Undefined: OpenAI has none.
   */
  async byId(projectId: string): Promise<DirectoryProject | undefined> {
    const { db, admin, clock } = this.deps;
    const name = await knownProjectName(db, projectId);
    if (name !== undefined) return { id: projectId, name, archived: false };
    const project = await admin.getProject(projectId);
    if (!project) return undefined;
    const found = { id: project.id, name: project.name || project.id, archived: project.archived_at != null };
    await rememberProjects(db, [found], clock.now());
    return found;
  }

  async #load(mustKnow: Iterable<string>): Promise<{ projects: DirectoryProject[]; listed: boolean }> {
    const { db, clock } = this.deps;
    const last = await lastProjectListing(db);
    const known = (await knownProjects(db)).map((row) => ({
      id: row.project_id,
      name: row.name,
      archived: row.archived === 1,
    }));
    const ids = new Set(known.map((p) => p.id));
    const now = clock.now();
    const stale = !last || last < subHours(now, MAX_AGE_HOURS);
    // A project id OpenAI never listed (it should not happen) must not make every report list again.
    const stranger =
      [...mustKnow].some((id) => !ids.has(id)) && !!last && last < subMinutes(now, STRANGER_RELIST_MINUTES);
    if (stale || stranger) return { projects: await this.refresh(), listed: true };
    return { projects: known, listed: false };
  }
}
