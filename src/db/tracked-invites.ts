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
