import type { Db } from './database.js';
import type { SlackAccountCheck } from './schema.js';

/** Replaces what the last daily check of Slack accounts found, in one transaction. */
export async function replaceSlackAccountChecks(db: Db, rows: readonly SlackAccountCheck[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('slack_account_checks').execute();
    // A few hundred rows per insert keeps every engine under its bound-parameter limit.
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('slack_account_checks')
        .values(rows.slice(i, i + 200))
        .execute();
    }
  });
}

export async function orgUsersWithoutSlack(db: Db): Promise<SlackAccountCheck[]> {
  return db
    .selectFrom('slack_account_checks')
    .selectAll()
    .where('slack_status', '=', 'none')
    .orderBy('email')
    .execute();
}
