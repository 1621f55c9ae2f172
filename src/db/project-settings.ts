import type { ProjectTier } from '../domain/key-findings.js';
import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';

/**
 * A project's tier as an admin set it (the bot's own knowledge; OpenAI has no such field).
 * Key hygiene reads it (personal keys in production), the budget and key views show it, and new
 * projects will be set up by it.
 */
export async function getTier(db: Db, projectId: string): Promise<ProjectTier | undefined> {
  const row = await db
    .selectFrom('project_settings')
    .select('tier')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row?.tier ?? undefined;
}

/** Every project's tier, by project id (projects without one are absent). */
export async function listTiers(db: Db): Promise<Map<string, ProjectTier>> {
  const rows = await db
    .selectFrom('project_settings')
    .select(['project_id', 'tier'])
    .where('tier', 'is not', null)
    .execute();
  return new Map(rows.flatMap((r) => (r.tier ? [[r.project_id, r.tier] as const] : [])));
}

/**
 * Sets the tier and records the change in the audit trail, in one transaction. Returns the tier
 * before (undefined: none); setting the same tier again changes and records nothing.
 */
export async function setTier(
  db: Db,
  change: { projectId: string; tier: ProjectTier; by: string; at: Date },
): Promise<{ before: ProjectTier | undefined; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('project_settings')
      .select('tier')
      .where('project_id', '=', change.projectId)
      .executeTakeFirst();
    const before = row?.tier ?? undefined;
    if (before === change.tier) return { before, changed: false };
    const values = { tier: change.tier, updated_by: change.by, updated_at: change.at.toISOString() };
    await trx
      .insertInto('project_settings')
      .values({ project_id: change.projectId, ...values })
      .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, {
      at: change.at,
      actor: change.by,
      action: 'project.tier_set',
      subjectType: 'project',
      subjectId: change.projectId,
      before: before ? { tier: before } : undefined,
      after: { tier: change.tier },
    });
    return { before, changed: true };
  });
}
