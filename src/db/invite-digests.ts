import type { Db } from './database.js';
import type { InviteDigest, TrackedInvite } from './schema.js';

/**
 * A new digest listing `inviteIds`: the row and its invites' membership in one transaction,
 * written before the message is posted (a crash right after posting must not post it again).
 * Only invites still pending and in no digest join it, so a second sweep or replica cannot list
 * an invite twice. Returns how many joined.
 */
export async function startDigest(
  db: Db,
  input: { id: string; inviteIds: readonly string[]; at: Date },
): Promise<number> {
  const at = input.at.toISOString();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('invite_digests')
      .values({ id: input.id, channel: null, ts: null, fingerprint: null, created_at: at, updated_at: at })
      .execute();
    return joinDigest(trx, { id: input.id, inviteIds: input.inviteIds, at: input.at });
  });
}

/**
 * The newest digest posted since `since` that still lists a pending invite: newly stalled
 * invites join it instead of starting another message.
 */
export async function openDigestSince(db: Db, since: Date): Promise<InviteDigest | undefined> {
  return db
    .selectFrom('invite_digests')
    .selectAll()
    .where('finished_at', 'is', null)
    .where('ts', 'is not', null)
    .where('created_at', '>=', since.toISOString())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Adds invites still pending and in no digest to digest `id`; how many joined. */
export async function joinDigest(
  db: Db,
  input: { id: string; inviteIds: readonly string[]; at: Date },
): Promise<number> {
  if (input.inviteIds.length === 0) return 0;
  const at = input.at.toISOString();
  const joined = await db
    .updateTable('tracked_invites')
    .set({ digest_id: input.id, last_nudged_at: at, updated_at: at })
    .where('invite_id', 'in', [...input.inviteIds])
    .where('status', '=', 'pending')
    .where('digest_id', 'is', null)
    .executeTakeFirst();
  return Number(joined.numUpdatedRows);
}

/** Undoes `startDigest` when nobody could be told: its invites are due again on the next sweep. */
export async function dropDigest(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tracked_invites')
      .set({ digest_id: null, last_nudged_at: null })
      .where('digest_id', '=', id)
      .execute();
    await trx.deleteFrom('invite_digests').where('id', '=', id).execute();
  });
}

export async function findDigest(db: Db, id: string): Promise<InviteDigest | undefined> {
  return db.selectFrom('invite_digests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Where the digest was posted, so it can be updated in place. */
export async function setDigestMessage(
  db: Db,
  id: string,
  message: { channel: string; ts: string },
  at: Date,
): Promise<void> {
  await db
    .updateTable('invite_digests')
    .set({ channel: message.channel, ts: message.ts, updated_at: at.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** What the message shows now; `finished` once none of its invites is pending. */
export async function recordDigestRendered(
  db: Db,
  id: string,
  fingerprint: string,
  finished: boolean,
  at: Date,
): Promise<void> {
  await db
    .updateTable('invite_digests')
    .set({
      fingerprint,
      updated_at: at.toISOString(),
      ...(finished ? { finished_at: at.toISOString() } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Digests posted in a channel that still list a pending invite: the ones to keep up to date. */
export async function digestsToRefresh(db: Db): Promise<InviteDigest[]> {
  return db
    .selectFrom('invite_digests')
    .selectAll()
    .where('finished_at', 'is', null)
    .where('ts', 'is not', null)
    .orderBy('created_at')
    .execute();
}

/** Every invite a digest lists, whatever became of it, oldest first. */
export async function invitesOfDigest(db: Db, id: string): Promise<TrackedInvite[]> {
  return db
    .selectFrom('tracked_invites')
    .selectAll()
    .where('digest_id', '=', id)
    .orderBy('invited_at')
    .execute();
}
