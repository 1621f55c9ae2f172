import type { Db } from './database.js';

/** When a periodic job last ran, kept in the database so a restart does not reset its schedule. */
export async function lastRunOf(db: Db, name: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('job_runs')
    .select('last_run_at')
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? new Date(row.last_run_at) : undefined;
}

export async function recordRun(db: Db, name: string, at: Date): Promise<void> {
  await db
    .insertInto('job_runs')
    .values({ name, last_run_at: at.toISOString() })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_run_at: at.toISOString() }))
    .execute();
}
