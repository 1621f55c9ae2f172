import { randomUUID } from 'node:crypto';
import { subHours } from 'date-fns/subHours';
import {
  digestsToRefresh,
  dropDigest,
  findDigest,
  invitesOfDigest,
  joinDigest,
  openDigestSince,
  recordDigestRendered,
  setDigestMessage,
  startDigest,
} from '../db/invite-digests.js';
import { allAwaitingInvite } from '../db/request-lists.js';
import type { AccessRequest, TrackedInvite } from '../db/schema.js';
import { inviteHealth } from '../domain/invite-rules.js';
import type { CoreDeps } from './core-deps.js';
import type { DigestResolved, InviteNotice, StalledInviteLine } from './notices.js';

/**
 * More invites than this stalling in one sweep (a course or a lab invited from the dashboard, or
 * the bot's first sweep in a large org) are told in one digest instead of one message each.
 */
export const DIGEST_AFTER = 5;

/**
 * The admins' digest of many stalled invites: one message listing them with a Re-send button
 * each, updated in place (never re-posted) as they are accepted, re-sent or closed, until none
 * is pending. What it shows is summed up in a fingerprint, so it is re-rendered only on change.
 */
export class InviteDigests {
  constructor(
    private readonly deps: Pick<CoreDeps, 'db' | 'notifier' | 'clock' | 'logger'> & {
      stallAfterHours: number;
    },
  ) {}

  /** Tells the admins about these newly stalled invites in one message; returns how many it lists. */
  async post(invites: readonly TrackedInvite[]): Promise<number> {
    const { db, notifier, clock } = this.deps;
    const id = randomUUID();
    const listed = await startDigest(db, { id, inviteIds: invites.map((i) => i.invite_id), at: clock.now() });
    if (listed === 0) return 0;
    const { notice, fingerprint, finished } = await this.noticeOf(id);
    const posted = await notifier.toAdmins(notice).catch(async (error: unknown) => {
      await dropDigest(db, id);
      throw error;
    });
    if (posted) await setDigestMessage(db, id, posted, clock.now());
    await recordDigestRendered(db, id, fingerprint, finished, clock.now());
    return listed;
  }

  /**
   * Newly stalled invites join the digest posted in the last day, if one is still open, so a
   * course invited over a few hours is one message, not one per sweep. Undefined when there is
   * no open digest; else how many joined (the digest is re-rendered in place).
   */
  async addToOpen(invites: readonly TrackedInvite[]): Promise<number | undefined> {
    const { db, clock } = this.deps;
    const open = await openDigestSince(db, subHours(clock.now(), 24));
    if (!open) return undefined;
    const joined = await joinDigest(db, {
      id: open.id,
      inviteIds: invites.map((i) => i.invite_id),
      at: clock.now(),
    });
    await this.refresh(open.id);
    return joined;
  }

  /** Brings every digest still listing a pending invite up to date. */
  async refreshAll(): Promise<void> {
    for (const digest of await digestsToRefresh(this.deps.db)) await this.refresh(digest.id);
  }

  /** Re-renders one digest in place when what it shows changed; never throws. */
  async refresh(digestId: string): Promise<void> {
    const { db, notifier, clock, logger } = this.deps;
    try {
      const digest = await findDigest(db, digestId);
      if (!digest?.channel || !digest.ts || digest.finished_at) return;
      const { notice, fingerprint, finished } = await this.noticeOf(digestId);
      if (fingerprint === digest.fingerprint) return;
      await notifier.replace({ channel: digest.channel, ts: digest.ts }, notice);
      await recordDigestRendered(db, digestId, fingerprint, finished, clock.now());
    } catch (error) {
      logger.warn(`Could not update the digest of stalled invites ${digestId}: ${String(error)}`);
    }
  }

  private async noticeOf(
    digestId: string,
  ): Promise<{ notice: InviteNotice; fingerprint: string; finished: boolean }> {
    const { db, clock, stallAfterHours } = this.deps;
    const now = clock.now();
    const [invites, awaiting] = await Promise.all([invitesOfDigest(db, digestId), allAwaitingInvite(db)]);
    const waitingByEmail = new Map<string, AccessRequest[]>();
    for (const r of awaiting) {
      const email = r.requester_email.toLowerCase();
      waitingByEmail.set(email, [...(waitingByEmail.get(email) ?? []), r]);
    }
    const pending: StalledInviteLine[] = invites
      .filter((i) => i.status === 'pending')
      .map((invite) => ({
        invite,
        health: inviteHealth(
          {
            invitedAt: new Date(invite.invited_at),
            expiresAt: invite.expires_at ? new Date(invite.expires_at) : null,
          },
          now,
          stallAfterHours,
        ),
        waiting: waitingByEmail.get(invite.email) ?? [],
      }));
    const resolved: DigestResolved = { accepted: 0, resent: 0, joined: 0, closed: 0 };
    for (const invite of invites) {
      if (invite.status === 'accepted') resolved.accepted += 1;
      else if (invite.status === 'replaced') resolved.resent += 1;
      else if (invite.status === 'joined') resolved.joined += 1;
      else if (invite.status === 'expired' || invite.status === 'gone') resolved.closed += 1;
    }
    const fingerprint = JSON.stringify([
      pending.map((l) => [l.invite.invite_id, l.health.expiringSoon, l.waiting.length]),
      resolved,
    ]);
    return {
      notice: { kind: 'invite.digest', stallAfterHours, pending, resolved },
      fingerprint,
      finished: pending.length === 0,
    };
  }
}
