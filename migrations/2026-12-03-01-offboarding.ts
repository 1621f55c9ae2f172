import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Offboarding: who is who (a Slack user's OpenAI user and email, remembered when the bot matched
 * them, because a deactivated Slack profile may have no email left), the admins' card per person
 * whose Slack account was deactivated, and what the daily check of Slack accounts last found.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('slack_user_id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text')
    .addColumn('openai_user_id', 'text')
    // The deleted state last seen in Slack (1 deactivated, 0 active, null never seen): only a
    // change from 0/null to 1 raises a card, so the same event twice acts once.
    .addColumn('slack_deleted', 'integer')
    // When the account was last seen going from active to deactivated.
    .addColumn('deactivated_at', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_openai_user').on('people').column('openai_user_id').execute();

  await db.schema
    .createTable('offboarding_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('openai_user_id', 'text', (c) => c.notNull())
    .addColumn('slack_user_id', 'text')
    .addColumn('email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('ts', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('problem', 'text')
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One undecided card per org user, enforced by the database: two replicas (or an event and the
  // daily check) noticing the same deactivation at once still make one card.
  await sql`create unique index offboarding_cards_one_open
    on offboarding_cards (openai_user_id)
    where status in ('open', 'removing', 'failed')`.execute(db);

  await db.schema
    .createTable('slack_account_checks')
    .addColumn('openai_user_id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('org_role', 'text')
    .addColumn('slack_status', 'text', (c) => c.notNull())
    .addColumn('slack_user_id', 'text')
    .addColumn('projects', 'text', (c) => c.notNull())
    .addColumn('last_key_use_at', 'text')
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('slack_account_checks').execute();
  await db.schema.dropIndex('offboarding_cards_one_open').execute();
  await db.schema.dropTable('offboarding_cards').execute();
  await db.schema.dropIndex('people_openai_user').execute();
  await db.schema.dropTable('people').execute();
}
