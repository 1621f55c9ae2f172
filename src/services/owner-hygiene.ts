import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { forgetOwnerReport, recordOwnerReport } from '../db/owner-reports.js';
import { ownerCountProblem } from '../domain/request-timers.js';
import type { Logger } from '../logger.js';
import type { AdminApi } from '../openai/admin-client.js';
import { isRequestable, type Project } from '../openai/admin-types.js';
import type { Notifier } from './notifier.js';

/**
 * OpenAI's guidance is 2–3 owners per project. A project with none or more than three is told
 * to the admins once; the report is forgotten when the count is healthy again, so a later
 * relapse is reported anew.
 */
export class OwnerHygiene {
  constructor(
    private readonly deps: {
      db: Db;
      admin: AdminApi;
      clock: Clock;
      logger: Logger;
      notifier: Notifier;
    },
  ) {}

  async checkProject(project: Pick<Project, 'id' | 'name'>): Promise<'reported' | 'healthy' | 'known'> {
    const { db, admin, clock } = this.deps;
    const owners = (await admin.listProjectUsers(project.id)).filter((u) => u.role === 'owner');
    const problem = ownerCountProblem(owners.length);
    if (!problem) {
      await forgetOwnerReport(db, project.id);
      return 'healthy';
    }
    const recorded = await recordOwnerReport(db, {
      projectId: project.id,
      problem,
      ownerCount: owners.length,
      at: clock.now(),
    });
    if (!recorded) return 'known';
    await this.deps.notifier
      .toAdmins({
        kind: 'project.owner_count',
        projectName: project.name,
        problem,
        ownerNames: owners.map((o) => o.email ?? o.id),
      })
      .catch(async (error: unknown) => {
        // Told nobody: forgotten, so the next check reports it again.
        await forgetOwnerReport(db, project.id);
        throw error;
      });
    return 'reported';
  }

  /** The weekly pass over every active project. */
  async checkAll(): Promise<{ reported: number }> {
    const projects = (await this.deps.admin.listProjects()).filter(isRequestable);
    let reported = 0;
    for (const project of projects) {
      try {
        if ((await this.checkProject(project)) === 'reported') reported += 1;
      } catch (error) {
        this.deps.logger.warn(`Owner check of ${project.id} failed: ${String(error)}`);
      }
    }
    return { reported };
  }
}
