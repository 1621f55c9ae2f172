import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * At most one open request per person and project, enforced by the database: with several
 * replicas, two submissions of the same form can both pass the "already open?" check, and only
 * a unique index makes the second one fail. Partial indexes work the same in SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index access_requests_one_open
    on access_requests (requester_slack_id, project_id)
    where status in ('pending', 'approved', 'awaiting_invite')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('access_requests_one_open').execute();
}
