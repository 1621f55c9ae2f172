import type { Kysely } from 'kysely';
import type { Invite } from '../openai/admin-types.js';
import type { Db } from './database.js';
import type { Database, TrackedInvite, TrackedInviteStatus, TrackedInvitesTable } from './schema.js';

const iso = (unixSeconds: number | null | undefined) =>
  unixSeconds == null ? null : new Date(unixSeconds * 1000).toISOString();

/** Starts tracking an invite (or refreshes what OpenAI says of it); keeps what the bot has said. */
export async function trackInvite(
  db: Kysely<Database>,
  invite: Invite,
  sentByBot: boolean,
  at: Date,
): Promise<void> {
  await db
    .insertInto('tracked_invites')
    .values({
      invite_id: invite.id,
      email: invite.email.toLowerCase(),
      sent_by_bot: sentByBot ? 1 : 0,
      status: 'pending',
      projects: JSON.stringify(invite.projects),
      invited_at: iso(invite.created_at) as string,
      expires_at: iso(invite.expires_at),
      accepted_at: null,
      replaced_by: null,
      nudge_channel: null,
      nudge_ts: null,
      last_nudged_at: null,
      invitee_reminded_at: null,
      closed_notified_at: null,
      updated_at: at.toISOString(),
    })
    .onConflict((oc) => oc.column('invite_id').doNothing())
    .execute();
}

/** Rows per insert: well under SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_INSERT = 200;

/**
 * Starts tracking invites sent by hand that the sweep found stalled, many rows per statement;
 * invites tracked already (by the bot, an earlier sweep or another replica) are left as they are.
 */
export async function trackInvitesSentByHand(db: Db, invites: readonly Invite[], at: Date): Promise<void> {
  for (let i = 0; i < invites.length; i += ROWS_PER_INSERT) {
    await db
      .insertInto('tracked_invites')
      .values(
        invites.slice(i, i + ROWS_PER_INSERT).map((invite) => ({
          invite_id: invite.id,
          email: invite.email.toLowerCase(),
          sent_by_bot: 0,
          status: 'pending' as const,
          projects: JSON.stringify(invite.projects),
          invited_at: iso(invite.created_at) as string,
          expires_at: iso(invite.expires_at),
          updated_at: at.toISOString(),
        })),
      )
      .onConflict((oc) => oc.column('invite_id').doNothing())
      .execute();
  }
}

/** Which of these invites the bot sent (tracked with sent_by_bot = 1); the others were sent by hand. */
export async function inviteIdsSentByBot(db: Db, inviteIds: readonly string[]): Promise<Set<string>> {
  const byBot = new Set<string>();
  for (let i = 0; i < inviteIds.length; i += ROWS_PER_INSERT) {
    const rows = await db
      .selectFrom('tracked_invites')
      .select('invite_id')
      .where('sent_by_bot', '=', 1)
      .where('invite_id', 'in', inviteIds.slice(i, i + ROWS_PER_INSERT))
      .execute();
    for (const row of rows) byBot.add(row.invite_id);
  }
  return byBot;
}

/**
 * Pending invites the admins were told about whose invitee has not had their one "check your
 * mail" DM yet, oldest first, at most `limit` (so a first sweep in a large org stays short).
 */
export async function inviteesToRemind(db: Db, limit: number): Promise<TrackedInvite[]> {
  return db
    .selectFrom('tracked_invites')
    .selectAll()
    .where('status', '=', 'pending')
    .where('invitee_reminded_at', 'is', null)
    .where((eb) => eb.or([eb('last_nudged_at', 'is not', null), eb('digest_id', 'is not', null)]))
    .orderBy('invited_at')
    .limit(limit)
    .execute();
}

/**
 * Claims the invitee's reminder before it is sent, so that it goes out at most once (a crash
 * after sending must not send it again); false when it was claimed already.
 */
export async function claimInviteeReminder(db: Db, inviteId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('tracked_invites')
    .set({ invitee_reminded_at: at.toISOString() })
    .where('invite_id', '=', inviteId)
    .where('invitee_reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findTrackedInvite(db: Db, inviteId: string): Promise<TrackedInvite | undefined> {
  return db.selectFrom('tracked_invites').selectAll().where('invite_id', '=', inviteId).executeTakeFirst();
}

export async function trackedInvitesIn(db: Db, status: TrackedInviteStatus): Promise<TrackedInvite[]> {
  return db
    .selectFrom('tracked_invites')
    .selectAll()
    .where('status', '=', status)
    .orderBy('invited_at')
    .execute();
}

/** Conditional status change: false when another sweep or click already moved it. */
export async function moveTrackedInvite(
  db: Kysely<Database>,
  inviteId: string,
  from: TrackedInviteStatus,
  to: TrackedInviteStatus,
  at: Date,
  set: Partial<TrackedInvitesTable> = {},
): Promise<boolean> {
  const result = await db
    .updateTable('tracked_invites')
    .set({ ...set, status: to, updated_at: at.toISOString() })
    .where('invite_id', '=', inviteId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updateTrackedInvite(
  db: Db,
  inviteId: string,
  set: Partial<TrackedInvitesTable>,
): Promise<void> {
  await db.updateTable('tracked_invites').set(set).where('invite_id', '=', inviteId).execute();
}

export function inviteProjectsOf(invite: TrackedInvite): { id: string; role: 'member' | 'owner' }[] {
  return JSON.parse(invite.projects) as { id: string; role: 'member' | 'owner' }[];
}
