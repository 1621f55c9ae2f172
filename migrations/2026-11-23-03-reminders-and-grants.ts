import type { Kysely } from 'kysely';

/**
 * Nothing waits forever: when a pending request was reminded and escalated, when a time-bound
 * grant's holder was warned, what membership a person had before the bot granted theirs (so
 * removal on the end date takes away only what the bot gave), extension requests, owner-count
 * reports, and when each periodic job last ran (so a weekly job stays weekly across restarts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_requests').addColumn('reminded_at', 'text').execute();
  await db.schema.alterTable('access_requests').addColumn('escalated_at', 'text').execute();
  await db.schema.alterTable('access_requests').addColumn('end_warned_at', 'text').execute();
  /** none | member | owner: the person's role in the project before this grant was applied. */
  await db.schema.alterTable('access_requests').addColumn('membership_before', 'text').execute();
  await db.schema.alterTable('access_requests').addColumn('removal_failure_told_at', 'text').execute();
  await db.schema.alterTable('access_requests').addColumn('extends_request_id', 'text').execute();

  await db.schema
    .createTable('owner_reports')
    .addColumn('project_id', 'text', (col) => col.primaryKey())
    /** none | too_many */
    .addColumn('problem', 'text', (col) => col.notNull())
    .addColumn('owner_count', 'integer', (col) => col.notNull())
    .addColumn('reported_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('last_run_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_runs').execute();
  await db.schema.dropTable('owner_reports').execute();
  for (const column of [
    'extends_request_id',
    'removal_failure_told_at',
    'membership_before',
    'end_warned_at',
    'escalated_at',
    'reminded_at',
  ]) {
    await db.schema.alterTable('access_requests').dropColumn(column).execute();
  }
}
