import type { Db } from './database.js';
import { lastRunOf, recordRun } from './job-runs.js';
import type { TrackedInvite } from './schema.js';

/**
 * The `job_runs` row that says when the org's invites were last listed (by the acceptance poll
 * or the full invite sweep, on any replica). It has no outcome, so `/healthz` does not list it.
 */
const INVITES_LISTED = 'invites.listed';

/**
 * Whether anything waits on an invite: a pre-assignment linked to a tracked invite that is still
 * pending and not past its expiry. One indexed look-up that stops at the first row; the
 * acceptance poll asks it every ACCEPT_POLL_SECONDS, and lists invites only when it is true.
 * An expired or vanished invite is closed by the full sweep, and then nothing waits on it.
 */
export async function anythingWaitsOnInvite(db: Db, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('access_requests as r')
    .innerJoin('tracked_invites as t', 't.invite_id', 'r.invite_id')
    .select('r.id')
    .where('r.status', '=', 'awaiting_invite')
    .where('t.status', '=', 'pending')
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now.toISOString())]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** When the invites were last listed, by a poll or a sweep, on any replica. */
export async function invitesLastListedAt(db: Db): Promise<Date | undefined> {
  return lastRunOf(db, INVITES_LISTED);
}

export async function recordInvitesListed(db: Db, at: Date): Promise<void> {
  await recordRun(db, INVITES_LISTED, at);
}

/** The invites the bot still watches as pending for these (lowercased) emails. */
export async function pendingTrackedInvitesOf(db: Db, emails: readonly string[]): Promise<TrackedInvite[]> {
  if (emails.length === 0) return [];
  return db
    .selectFrom('tracked_invites')
    .selectAll()
    .where('status', '=', 'pending')
    .where('email', 'in', [...emails])
    .orderBy('invited_at')
    .execute();
}
