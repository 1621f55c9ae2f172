import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { ActionIds, ServiceAccountModalFields } from '../../src/slack/ids.js';
import { clickButton } from './click.js';
import type { Harness, Person } from './harness.js';

export const PURPOSE = 'Runs the nightly grading pipeline of the course in production.';

/** `view.state.values` as Slack sends them for the service-account modal. */
export function serviceAccountFormValues(input: {
  projectId?: string;
  name?: string;
  purpose?: string;
  endDate?: string;
}): Record<string, Record<string, unknown>> {
  const { project, name, purpose, endDate } = ServiceAccountModalFields;
  return {
    [project.block]: {
      [project.action]: {
        type: 'static_select',
        selected_option: input.projectId
          ? { value: input.projectId, text: { type: 'plain_text', text: 'p' } }
          : null,
      },
    },
    [name.block]: { [name.action]: { type: 'plain_text_input', value: input.name ?? null } },
    [purpose.block]: { [purpose.action]: { type: 'plain_text_input', value: input.purpose ?? null } },
    [endDate.block]: { [endDate.action]: { type: 'datepicker', selected_date: input.endDate ?? null } },
  };
}

/** `/access service-account <project>`, then submits the form; the HTTP answer of the submission. */
export async function askForServiceAccount(
  h: Harness,
  who: Person,
  form: { projectId: string; projectName: string; name: string; purpose?: string; endDate?: string },
) {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: `service-account ${form.projectName}` }));
  const opened = h.slack.openedViews.at(-1);
  if (!opened) throw new Error('no modal was opened');
  return h.settle(
    h.sender.viewSubmissionOf({
      userId: who.slackId,
      view: h.slack.view(opened.id),
      values: serviceAccountFormValues({ purpose: PURPOSE, ...form }),
    }),
  );
}

export async function newestRequestOf(h: Harness, who: Person) {
  return h.bot.db
    .selectFrom('access_requests')
    .selectAll()
    .where('requester_slack_id', '=', who.slackId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
}

/** Clicks Show key on the requester's DM; returns the modal as it ended up (after views.update). */
export async function clickShowKey(h: Harness, who: Person, requestId: string) {
  const before = h.slack.openedViews.length;
  await h.settle(clickButton(h, who.slackId, ActionIds.showKey, requestId));
  const opened = h.slack.openedViews.slice(before);
  return opened.length > 0 ? h.slack.view((opened.at(-1) as { id: string }).id) : undefined;
}

/**
 * Everything the bot's database holds, as text: every row of every table, and on SQLite the
 * database file itself with its write-ahead log after a checkpoint.
 */
export async function wholeDatabaseText(h: Harness): Promise<string> {
  const parts: string[] = [];
  for (const table of await h.bot.db.introspection.getTables()) {
    const rows = await sql`select * from ${sql.table(table.name)}`.execute(h.bot.db);
    parts.push(JSON.stringify(rows.rows));
  }
  const url = h.config.DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    await sql`pragma wal_checkpoint(full)`.execute(h.bot.db);
    const file = url.slice('sqlite:'.length);
    for (const path of [file, `${file}-wal`, `${file}-journal`]) {
      if (existsSync(path)) parts.push(readFileSync(path).toString('latin1'));
    }
  }
  return parts.join('\n');
}
