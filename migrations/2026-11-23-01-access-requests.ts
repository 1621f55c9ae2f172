import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The working slice: access requests, their decisions, every Slack copy posted about them,
 * and the append-only audit trail. Timestamps are ISO-8601 UTC strings so they sort as text
 * and read the same in SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('requester_slack_id', 'text', (col) => col.notNull())
    .addColumn('requester_email', 'text', (col) => col.notNull())
    .addColumn('project_id', 'text', (col) => col.notNull())
    .addColumn('project_name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('member', 'owner')`))
    .addColumn('justification', 'text', (col) => col.notNull())
    .addColumn('access_ends_on', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('openai_user_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('access_requests_by_status')
    .on('access_requests')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('access_requests_by_requester')
    .on('access_requests')
    .columns(['requester_slack_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('request_id', 'text', (col) =>
      col.primaryKey().references('access_requests.id').onDelete('cascade'),
    )
    .addColumn('outcome', 'text', (col) => col.notNull().check(sql`outcome in ('approved', 'denied')`))
    .addColumn('decided_by', 'text', (col) => col.notNull())
    .addColumn('decided_as', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('request_messages')
    .addColumn('request_id', 'text', (col) =>
      col.notNull().references('access_requests.id').onDelete('cascade'),
    )
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('ts', 'text', (col) => col.notNull())
    .addColumn('recipient_slack_id', 'text')
    .addColumn('audience', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('request_messages_pk', ['channel_id', 'ts'])
    .execute();
  await db.schema
    .createIndex('request_messages_by_request')
    .on('request_messages')
    .column('request_id')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject_type', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'text', (col) => col.notNull())
    .addColumn('before_state', 'text')
    .addColumn('after_state', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('audit_events_by_time')
    .on('audit_events')
    .columns(['occurred_at', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_by_subject')
    .on('audit_events')
    .columns(['subject_type', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  await db.schema.dropTable('request_messages').execute();
  await db.schema.dropTable('decisions').execute();
  await db.schema.dropTable('access_requests').execute();
}
