import type { Db } from './database.js';
import type { PersonRow } from './schema.js';

/** One match of a Slack user to an OpenAI user, as the bot made it. */
export interface PersonMatch {
  slackId: string;
  email?: string | null | undefined;
  openaiUserId?: string | null | undefined;
}

/**
 * Remembers who is who, one row per Slack user: a later match fills in what an earlier one did
 * not know (an OpenAI user id once they joined) and never forgets a known email or user id, so a
 * deactivated account whose profile lost its email can still be matched.
 */
export async function rememberPeople(db: Db, matches: readonly PersonMatch[], at: Date): Promise<void> {
  const now = at.toISOString();
  for (const match of matches) {
    const email = match.email?.trim().toLowerCase() || null;
    const openaiUserId = match.openaiUserId || null;
    await db
      .insertInto('people')
      .values({
        slack_user_id: match.slackId,
        email,
        openai_user_id: openaiUserId,
        slack_deleted: null,
        deactivated_at: null,
        first_seen_at: now,
        last_seen_at: now,
      })
      .onConflict((oc) =>
        oc.column('slack_user_id').doUpdateSet((eb) => ({
          email: eb.fn.coalesce('excluded.email', 'people.email'),
          openai_user_id: eb.fn.coalesce('excluded.openai_user_id', 'people.openai_user_id'),
          last_seen_at: now,
        })),
      )
      .execute();
  }
}

export async function personBySlackId(db: Db, slackId: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('slack_user_id', '=', slackId).executeTakeFirst();
}

export async function everyone(db: Db): Promise<PersonRow[]> {
  return db.selectFrom('people').selectAll().execute();
}

/** The Slack users the bot matched to this OpenAI user, most recently seen first. */
export async function peopleOfOpenaiUser(db: Db, openaiUserId: string): Promise<PersonRow[]> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('openai_user_id', '=', openaiUserId)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export type SlackStateChange = 'deactivated' | 'reactivated' | 'unchanged';

/**
 * Records the deleted state Slack just showed for a user and says whether it is a transition.
 * Each change is one conditional update, so the same event delivered twice (or seen by an event
 * and the daily check at once) is a transition only once.
 */
export async function recordSlackState(
  db: Db,
  input: { slackId: string; deleted: boolean; email?: string | null | undefined },
  at: Date,
): Promise<SlackStateChange> {
  const now = at.toISOString();
  const state = input.deleted ? 1 : 0;
  const inserted = await db
    .insertInto('people')
    .values({
      slack_user_id: input.slackId,
      email: input.email?.trim().toLowerCase() || null,
      openai_user_id: null,
      slack_deleted: state,
      deactivated_at: input.deleted ? now : null,
      first_seen_at: now,
      last_seen_at: now,
    })
    .onConflict((oc) => oc.column('slack_user_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return input.deleted ? 'deactivated' : 'unchanged';
  if (input.deleted) {
    const changed = await db
      .updateTable('people')
      .set({ slack_deleted: 1, deactivated_at: now, last_seen_at: now })
      .where('slack_user_id', '=', input.slackId)
      .where((eb) => eb.or([eb('slack_deleted', 'is', null), eb('slack_deleted', '=', 0)]))
      .executeTakeFirst();
    return Number(changed.numUpdatedRows) > 0 ? 'deactivated' : 'unchanged';
  }
  const back = await db
    .updateTable('people')
    .set({ slack_deleted: 0, last_seen_at: now })
    .where('slack_user_id', '=', input.slackId)
    .where('slack_deleted', '=', 1)
    .executeTakeFirst();
  if (Number(back.numUpdatedRows) > 0) return 'reactivated';
  await db
    .updateTable('people')
    .set({ slack_deleted: 0 })
    .where('slack_user_id', '=', input.slackId)
    .where('slack_deleted', 'is', null)
    .execute();
  return 'unchanged';
}
