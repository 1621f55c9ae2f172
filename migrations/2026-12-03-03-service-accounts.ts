import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Service-account requests ride on `access_requests` (same approvers, reminders, escalation,
 * expiry and Slack copies), told apart by `kind`:
 *
 * - `access`: a role in a project, as before;
 * - `service_account`: a new service account named `service_account_name`;
 * - `service_account_key`: a new key for the existing account `service_account_id`;
 * - `service_account_rotation`: a replacement of `replaces_service_account_id`, whose old account
 *   (and with it its keys) is deleted once the new key is confirmed to work.
 *
 * The key is created when the requester clicks Show key; `key_shown_at` claims that click (one
 * per request, whichever replica gets it), `key_id` names the key made then. The secret itself
 * is never stored. `service_account_ends_on` removes the account on that day; `end_warned_days`
 * is the last warning sent (7, then 1).
 *
 * The one-open-request index was per person and project; a person may want a service account
 * for a project while asking for a role in it, so it now covers access requests only.
 */
const COLUMNS = [
  ['service_account_name', 'text'],
  ['service_account_id', 'text'],
  ['replaces_service_account_id', 'text'],
  ['service_account_ends_on', 'text'],
  ['end_warned_days', 'integer'],
  ['key_id', 'text'],
  ['key_shown_at', 'text'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('access_requests')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('access'))
    .execute();
  for (const [column, type] of COLUMNS) {
    await db.schema.alterTable('access_requests').addColumn(column, type).execute();
  }
  await db.schema.dropIndex('access_requests_one_open').execute();
  await sql`create unique index access_requests_one_open
    on access_requests (requester_slack_id, project_id)
    where kind = 'access' and status in ('pending', 'approved', 'awaiting_invite')`.execute(db);
  await db.schema
    .createIndex('access_requests_service_account')
    .on('access_requests')
    .column('service_account_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('access_requests_service_account').execute();
  await db.schema.dropIndex('access_requests_one_open').execute();
  await sql`create unique index access_requests_one_open
    on access_requests (requester_slack_id, project_id)
    where status in ('pending', 'approved', 'awaiting_invite')`.execute(db);
  for (const [column] of [...COLUMNS].reverse()) {
    await db.schema.alterTable('access_requests').dropColumn(column).execute();
  }
  await db.schema.alterTable('access_requests').dropColumn('kind').execute();
}
