import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Crash safety of the last step of applying a request: `applied_announced_at` records that the
 * requester was told. An applied request without it was interrupted between the change and
 * Slack, and the sweep finishes it. Requests applied before this migration were told already.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_requests').addColumn('applied_announced_at', 'text').execute();
  await sql`update access_requests set applied_announced_at = updated_at where status in ('applied', 'revoked')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_requests').dropColumn('applied_announced_at').execute();
}
