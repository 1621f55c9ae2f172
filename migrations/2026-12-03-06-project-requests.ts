import type { Kysely } from 'kysely';

/**
 * Requests for a new project (and to archive one), decided by the bot admins, and the recorded
 * plan an approval runs: one row per step, so a crash resumes at the first step not done and
 * a failed step is retried alone. `runner_until` is a lease on the plan: one replica runs it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('requester_slack_id', 'text', (col) => col.notNull())
    .addColumn('project_name', 'text', (col) => col.notNull())
    /** Set once the project exists in OpenAI (created by the plan, or the one to archive). */
    .addColumn('project_id', 'text')
    .addColumn('purpose', 'text', (col) => col.notNull())
    /** JSON array of Slack user ids. */
    .addColumn('owners', 'text', (col) => col.notNull())
    .addColumn('tier', 'text')
    .addColumn('budget_cents', 'integer')
    /** JSON array of model ids for the allow list; null: every model. */
    .addColumn('models', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('runner_until', 'text')
    .addColumn('card_channel', 'text')
    .addColumn('card_ts', 'text')
    /** The requester's own copy (a DM), updated in place like the admins' card. */
    .addColumn('requester_channel', 'text')
    .addColumn('requester_ts', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('project_requests_by_status')
    .on('project_requests')
    .columns(['status', 'kind'])
    .execute();
  await db.schema
    .createTable('project_plan_steps')
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('step', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    /** When an attempt that creates something began: after a crash, look before creating again. */
    .addColumn('started_at', 'text')
    .addColumn('detail', 'text')
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('project_plan_steps_pk', ['request_id', 'step'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('project_plan_steps').execute();
  await db.schema.dropIndex('project_requests_by_status').execute();
  await db.schema.dropTable('project_requests').execute();
}
