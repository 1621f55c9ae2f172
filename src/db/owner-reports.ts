import type { Db } from './database.js';

/** Forgets a project's owner-count report: its count is healthy again, so a relapse is told anew. */
export async function forgetOwnerReport(db: Db, projectId: string): Promise<void> {
  await db.deleteFrom('owner_reports').where('project_id', '=', projectId).execute();
}

/** Records a report of the project's owner count; false when one is on record already (told before). */
export async function recordOwnerReport(
  db: Db,
  report: { projectId: string; problem: 'none' | 'too_many'; ownerCount: number; at: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('owner_reports')
    .values({
      project_id: report.projectId,
      problem: report.problem,
      owner_count: report.ownerCount,
      reported_at: report.at.toISOString(),
    })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}
