import { allAwaitingInvite } from '../db/request-lists.js';
import type { AccessRequest } from '../db/schema.js';
import { inviteIdsSentByBot } from '../db/tracked-invites.js';
import { type InviteHealth, inviteHealth, isLivePending } from '../domain/invite-rules.js';
import { type Refusal, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';

/** One row of `/access invites`: a pending org invite and what waits on it. */
export interface InviteOverviewRow {
  email: string;
  invitedAt: string;
  expiresAt: string | null;
  health: InviteHealth;
  waiting: readonly AccessRequest[];
  /** False for an invite sent by hand, from OpenAI's dashboard (the bot did not send it). */
  sentByBot: boolean;
}

export type InvitesOverview = { ok: true; rows: InviteOverviewRow[] } | { ok: false; refusal: Refusal };

/** `/access invites`: every pending org invite, oldest first, with what waits on it. Admins only. */
export async function invitesOverview(
  deps: Pick<CoreDeps, 'db' | 'admin' | 'clock'> & { botAdmins: readonly string[] },
  clickerSlackId: string,
  stallAfterHours: number,
): Promise<InvitesOverview> {
  const { db, admin, clock, botAdmins } = deps;
  if (!botAdmins.includes(clickerSlackId)) {
    return refuse({ kind: 'admins_only', action: 'list_invites', botAdmins });
  }
  const now = clock.now();
  const pending = (await admin.listInvites())
    .filter((invite) => isLivePending(invite, now))
    .sort((a, b) => a.created_at - b.created_at);
  const waiting = await allAwaitingInvite(db);
  const byBot = await inviteIdsSentByBot(
    db,
    pending.map((invite) => invite.id),
  );
  const rows = pending.map((invite) => {
    const invitedAt = new Date(invite.created_at * 1000);
    const expiresAt = invite.expires_at != null ? new Date(invite.expires_at * 1000) : null;
    return {
      email: invite.email,
      invitedAt: invitedAt.toISOString(),
      expiresAt: expiresAt?.toISOString() ?? null,
      health: inviteHealth({ invitedAt, expiresAt }, now, stallAfterHours),
      waiting: waiting.filter((r) => r.requester_email.toLowerCase() === invite.email.toLowerCase()),
      sentByBot: byBot.has(invite.id),
    };
  });
  return { ok: true, rows };
}
