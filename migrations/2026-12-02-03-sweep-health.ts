import type { Kysely } from 'kysely';

/**
 * What each sweep did the last time it ran on any replica, so `/healthz` on every replica can
 * say it: when it started (the existing `last_run_at`) and finished, how long it took, its
 * outcome, its counts, how many items failed and the first error, and which replica ran it.
 * Rows of other periodic jobs (the weekly owner check) leave these columns null.
 */
const COLUMNS = [
  ['finished_at', 'text'],
  ['duration_ms', 'integer'],
  ['outcome', 'text'],
  ['counts', 'text'],
  ['failures', 'integer'],
  ['first_error', 'text'],
  ['replica', 'text'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [column, type] of COLUMNS) {
    await db.schema.alterTable('job_runs').addColumn(column, type).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [column] of [...COLUMNS].reverse()) {
    await db.schema.alterTable('job_runs').dropColumn(column).execute();
  }
}
