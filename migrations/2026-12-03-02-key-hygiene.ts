import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Key hygiene. `project_settings` holds what the bot knows of a project that OpenAI does not:
 * its tier (production, staging, development, research), set by a bot admin. `key_findings` is
 * the last reported finding per key (its fingerprint, so an unchanged finding is not told again,
 * and what the report showed, so a message can be re-drawn after a deletion); `key_report_messages`
 * are the owners' DMs of a project's last report, updated in place when a key is deleted.
 * No secret is stored: OpenAI only ever returns a key's redacted value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_settings')
    .addColumn('project_id', 'text', (col) => col.primaryKey())
    .addColumn('tier', 'text', (col) =>
      col.check(sql`tier in ('production', 'staging', 'development', 'research')`),
    )
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('key_findings')
    .addColumn('project_id', 'text', (col) => col.notNull())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    /** JSON: the finding as last reported (key facts and reasons). */
    .addColumn('finding', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('open', 'deleted')`))
    .addColumn('reported_at', 'text', (col) => col.notNull())
    .addColumn('deleted_by', 'text')
    .addColumn('deleted_at', 'text')
    .addPrimaryKeyConstraint('key_findings_pk', ['project_id', 'key_id'])
    .execute();

  await db.schema
    .createTable('key_report_messages')
    .addColumn('project_id', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('ts', 'text', (col) => col.notNull())
    /** JSON array of the key ids the message lists. */
    .addColumn('key_ids', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('key_report_messages_pk', ['channel', 'ts'])
    .execute();
  await db.schema
    .createIndex('key_report_messages_project')
    .on('key_report_messages')
    .column('project_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('key_report_messages').execute();
  await db.schema.dropTable('key_findings').execute();
  await db.schema.dropTable('project_settings').execute();
}
