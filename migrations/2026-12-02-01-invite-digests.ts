import type { Kysely } from 'kysely';

/**
 * Invites sent by hand (from OpenAI's dashboard) are nudged too, and a sweep that finds many
 * newly stalled invites at once says so in one digest message instead of one per invite.
 * `invite_digests` keeps where each digest was posted, so it is updated in place as its invites
 * are accepted, re-sent or closed; `tracked_invites.digest_id` names the digest an invite is
 * listed in (null: it has its own message, or none yet).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invite_digests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    /** Null when it went to the bot admins by DM (no ADMIN_CHANNEL): it cannot be updated then. */
    .addColumn('channel', 'text')
    .addColumn('ts', 'text')
    /** What the message shows, in short: it is re-rendered only when this changes. */
    .addColumn('fingerprint', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    /** Set once none of its invites is pending any more: it is not rendered again. */
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.alterTable('tracked_invites').addColumn('digest_id', 'text').execute();
  await db.schema
    .createIndex('tracked_invites_by_digest')
    .on('tracked_invites')
    .column('digest_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tracked_invites_by_digest').execute();
  await db.schema.alterTable('tracked_invites').dropColumn('digest_id').execute();
  await db.schema.dropTable('invite_digests').execute();
}
