import { subHours } from 'date-fns/subHours';
import type { Db } from './database.js';
import type { AccessRequest, TrackedInvite } from './schema.js';

/** A person's newest requests (at most `limit`) and how many they made in all. */
export async function requestsOf(
  db: Db,
  slackId: string,
  limit: number,
): Promise<{ newest: AccessRequest[]; total: number }> {
  const [newest, total] = await Promise.all([
    db
      .selectFrom('access_requests')
      .selectAll()
      .where('requester_slack_id', '=', slackId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('access_requests')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('requester_slack_id', '=', slackId)
      .executeTakeFirstOrThrow(),
  ]);
  return { newest, total: Number(total.count) };
}

/** Pending requests a copy of which was sent to this person as an approver, newest first. */
export async function pendingSentTo(db: Db, slackId: string): Promise<AccessRequest[]> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('status', '=', 'pending')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('request_messages')
        .select('request_id')
        .where('audience', '=', 'approver')
        .where('recipient_slack_id', '=', slackId),
    )
    .orderBy('created_at', 'desc')
    .execute();
}

/**
 * Invites the bot tracks (its own, and those sent by hand that the sweep found stalled) that have
 * been pending since before `stallAfterHours` ago, oldest first.
 */
export async function stalledTrackedInvites(
  db: Db,
  now: Date,
  stallAfterHours: number,
): Promise<TrackedInvite[]> {
  return db
    .selectFrom('tracked_invites')
    .selectAll()
    .where('status', '=', 'pending')
    .where('invited_at', '<=', subHours(now, stallAfterHours).toISOString())
    .orderBy('invited_at')
    .execute();
}

/** Requests still pending after `hours`, oldest first. */
export async function pendingOlderThan(db: Db, now: Date, hours: number): Promise<AccessRequest[]> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('status', '=', 'pending')
    .where('created_at', '<=', subHours(now, hours).toISOString())
    .orderBy('created_at')
    .execute();
}
