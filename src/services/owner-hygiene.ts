import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ownerCountProblem } from '../domain/request-timers.js';
import type { Logger } from '../logger.js';
import type { AdminApi } from '../openai/admin-client.js';
import { isRequestable, type Project } from '../openai/admin-types.js';
import { escapeMrkdwn } from '../slack/blocks/format.js';
import type { AdminNotifier } from './admin-notifier.js';

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
      notifier: AdminNotifier;
    },
  ) {}

  async checkProject(project: Pick<Project, 'id' | 'name'>): Promise<'reported' | 'healthy' | 'known'> {
    const { db, admin, clock } = this.deps;
    const owners = (await admin.listProjectUsers(project.id)).filter((u) => u.role === 'owner');
    const problem = ownerCountProblem(owners.length);
    if (!problem) {
      await db.deleteFrom('owner_reports').where('project_id', '=', project.id).execute();
      return 'healthy';
    }
    const inserted = await db
      .insertInto('owner_reports')
      .values({
        project_id: project.id,
        problem,
        owner_count: owners.length,
        reported_at: clock.now().toISOString(),
      })
      .onConflict((oc) => oc.column('project_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 'known';
    const text =
      problem === 'none'
        ? `:busts_in_silhouette: *${escapeMrkdwn(project.name)}* has no owner: nobody can manage its members, keys or limits. OpenAI recommends 2–3 owners.`
        : `:busts_in_silhouette: *${escapeMrkdwn(project.name)}* has ${owners.length} owners (${owners
            .map((o) => escapeMrkdwn(o.email ?? o.id))
            .join(', ')}). OpenAI recommends 2–3: consider making some of them members.`;
    await this.deps.notifier.say(text);
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
