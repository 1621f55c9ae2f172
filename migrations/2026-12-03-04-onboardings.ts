import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Group onboarding (issue 14): one `onboardings` row per `/access onboard`, and its whole plan, one
 * `onboarding_steps` row per person, written in one transaction before the first Admin API call,
 * so a restart resumes at the first unfinished step and never repeats a finished one.
 * `access_requests.onboarding_id` marks the grants an onboarding recorded (their reason), so the
 * invite sweep updates the onboarding's card, not a request message, when it applies one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('onboardings')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('project_id', 'text', (col) => col.notNull())
    .addColumn('project_name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('actor_slack_id', 'text', (col) => col.notNull())
    /** project|role|sorted emails: the same onboarding asked for twice while one runs is refused. */
    .addColumn('people_key', 'text', (col) => col.notNull())
    /** running: steps left to do; finished: every step done (people may still be waiting on invites). */
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('origin_channel', 'text')
    .addColumn('card_channel', 'text')
    .addColumn('card_ts', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('finished_at', 'text')
    /** Set once nobody waits any more: the card is final. */
    .addColumn('completed_at', 'text')
    .execute();
  await sql`create unique index onboardings_one_running
    on onboardings (people_key) where status = 'running'`.execute(db);
  await db.schema
    .createTable('onboarding_steps')
    .addColumn('onboarding_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('slack_id', 'text')
    /** none | set_role | add | pre_assign | invite | skip */
    .addColumn('path', 'text', (col) => col.notNull())
    /** planned | sending | in | waiting | failed | skipped */
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('org_user_id', 'text')
    .addColumn('invite_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('error', 'text')
    .addColumn('waiting_since', 'text')
    .addColumn('done_at', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('onboarding_steps_pk', ['onboarding_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('onboarding_steps_by_request')
    .on('onboarding_steps')
    .column('request_id')
    .execute();
  await db.schema.alterTable('access_requests').addColumn('onboarding_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_requests').dropColumn('onboarding_id').execute();
  await db.schema.dropIndex('onboarding_steps_by_request').execute();
  await db.schema.dropTable('onboarding_steps').execute();
  await db.schema.dropIndex('onboardings_one_running').execute();
  await db.schema.dropTable('onboardings').execute();
}
