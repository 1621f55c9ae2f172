import type { Kysely } from 'kysely';

/**
 * Pre-assignment and invite nudges. A pre-assignment is an access request in `awaiting_invite`
 * linked to the org invite it waits on; `tracked_invites` keeps what the bot knows and has
 * said about each such invite, so a restart never repeats a nudge. `sweep_leases` lets only
 * one replica sweep at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_requests').addColumn('invite_id', 'text').execute();
  await db.schema
    .createIndex('access_requests_by_invite')
    .on('access_requests')
    .column('invite_id')
    .execute();

  await db.schema
    .createTable('tracked_invites')
    .addColumn('invite_id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('sent_by_bot', 'integer', (col) => col.notNull())
    /** pending | accepted | expired | gone | replaced */
    .addColumn('status', 'text', (col) => col.notNull())
    /** JSON [{id, role}]: what the invite itself grants on acceptance (write-once at OpenAI). */
    .addColumn('projects', 'text', (col) => col.notNull())
    .addColumn('invited_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('replaced_by', 'text')
    .addColumn('nudge_channel', 'text')
    .addColumn('nudge_ts', 'text')
    .addColumn('last_nudged_at', 'text')
    .addColumn('invitee_reminded_at', 'text')
    .addColumn('closed_notified_at', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('tracked_invites_by_status').on('tracked_invites').column('status').execute();
  await db.schema.createIndex('tracked_invites_by_email').on('tracked_invites').column('email').execute();

  await db.schema
    .createTable('sweep_leases')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sweep_leases').execute();
  await db.schema.dropTable('tracked_invites').execute();
  await db.schema.dropIndex('access_requests_by_invite').execute();
  await db.schema.alterTable('access_requests').dropColumn('invite_id').execute();
}
