import { waitingOnInvite } from '../db/access-requests.js';
import type { TrackedInvite } from '../db/schema.js';
import {
  claimInviteeReminder,
  inviteesToRemind,
  moveTrackedInvite,
  updateTrackedInvite,
} from '../db/tracked-invites.js';
import type { InviteHealth } from '../domain/invite-rules.js';
import type { CoreDeps } from '../services/core-deps.js';
import { DIGEST_AFTER, type InviteDigests } from '../services/invite-digests.js';
import type { InviteNotice } from '../services/notices.js';
import { remember } from '../services/remember-people.js';

/**
 * Invitees reminded per sweep, at most: a first sweep in a large org may find hundreds stalled,
 * and Slack's user look-ups and DMs are rate-limited. The rest follow on the next sweeps.
 */
export const REMINDERS_PER_SWEEP = 40;

/** A stalled invite whose daily nudge is due. */
export interface DueNudge {
  tracked: TrackedInvite;
  health: InviteHealth;
}

export interface NudgeReport {
  nudged: number;
  digested: number;
  reminded: number;
  failures: { subject: string; error: string }[];
}

/**
 * What the invite sweep says about invites: to the admins, one card per stalled invite (replaced
 * in place each day, with a thread reply), or one digest when many stalled at once, and a word
 * when one expired or vanished; to each invitee who is in Slack, one "check your mail, and spam" DM.
 */
export class InviteNudges {
  constructor(private readonly deps: CoreDeps & { digests: InviteDigests }) {}

  /**
   * Invites stalling for the first time join the digest of the last day while it is open, or
   * start one when more than DIGEST_AFTER stall in one sweep, so the admins' channel is not
   * flooded; every other due invite gets its own card.
   */
  async nudge(due: readonly DueNudge[], report: NudgeReport): Promise<void> {
    const fresh = due.filter((d) => !d.tracked.last_nudged_at && !d.tracked.nudge_channel);
    let digested = false;
    if (fresh.length > 0) {
      try {
        const invites = fresh.map((d) => d.tracked);
        const joined = await this.deps.digests.addToOpen(invites);
        if (joined !== undefined) {
          report.digested += joined;
          digested = true;
        } else if (fresh.length > DIGEST_AFTER) {
          digested = true;
          report.digested += await this.deps.digests.post(invites);
        }
      } catch (error) {
        report.failures.push({ subject: 'digest of stalled invites', error: String(error) });
      }
    }
    for (const { tracked, health } of digested ? due.filter((d) => !fresh.includes(d)) : due) {
      try {
        await this.nudgeOne(tracked, health, report);
      } catch (error) {
        report.failures.push({ subject: tracked.invite_id, error: String(error) });
      }
    }
  }

  private async nudgeOne(tracked: TrackedInvite, health: InviteHealth, report: NudgeReport): Promise<void> {
    const { db, notifier, clock, logger } = this.deps;
    const now = clock.now();
    // Written before sending: a crash right after posting must not post again on restart.
    await updateTrackedInvite(db, tracked.invite_id, {
      last_nudged_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    const waiting = await waitingOnInvite(db, tracked.email);
    const message: InviteNotice = { kind: 'invite.stalled', invite: tracked, health, waiting };
    try {
      if (tracked.nudge_channel && tracked.nudge_ts) {
        const card = { channel: tracked.nudge_channel, ts: tracked.nudge_ts };
        await notifier.replace(card, message);
        await notifier.inThread(card, { kind: 'invite.still_stalled', health });
      } else {
        await this.postCard(tracked, message);
      }
      report.nudged += 1;
    } catch (error) {
      // Not sent: forget the attempt so the next sweep tries again.
      await updateTrackedInvite(db, tracked.invite_id, { last_nudged_at: tracked.last_nudged_at });
      logger.warn(`Could not nudge the admins about ${tracked.email}: ${String(error)}`);
    }
  }

  /** Re-renders the invite's own admin card, when it has one; never throws. */
  async updateCard(tracked: TrackedInvite, notice: InviteNotice): Promise<void> {
    if (!tracked.nudge_channel || !tracked.nudge_ts) return;
    await this.deps.notifier
      .replace({ channel: tracked.nudge_channel, ts: tracked.nudge_ts }, notice)
      .catch((error: unknown) =>
        this.deps.logger.warn(`Could not update the invite message: ${String(error)}`),
      );
  }

  /**
   * An invite that expired or vanished: offer admins a new one, tell the people waiting. False
   * when another sweep closed it first.
   */
  async close(tracked: TrackedInvite, reason: 'expired' | 'gone'): Promise<boolean> {
    const { db, notifier, clock, logger } = this.deps;
    const now = clock.now();
    if (
      !(await moveTrackedInvite(db, tracked.invite_id, 'pending', reason, now, {
        closed_notified_at: now.toISOString(),
      }))
    ) {
      return false;
    }
    const waiting = await waitingOnInvite(db, tracked.email);
    const message: InviteNotice = { kind: 'invite.closed', invite: tracked, reason, waiting };
    try {
      if (tracked.nudge_channel && tracked.nudge_ts) {
        await notifier.replace({ channel: tracked.nudge_channel, ts: tracked.nudge_ts }, message);
      } else if (waiting.length > 0) {
        // With nothing waiting (an invite sent by hand, listed in a digest), the digest counting
        // it as expired or withdrawn is enough: no new message.
        await this.postCard(tracked, message);
      }
    } catch (error) {
      logger.warn(
        `Could not tell the admins about the ${reason} invite of ${tracked.email}: ${String(error)}`,
      );
    }
    for (const requester of new Set(waiting.map((r) => r.requester_slack_id))) {
      await notifier
        .toPerson(requester, {
          kind: 'invite.closed_for_requester',
          email: tracked.email,
          reason,
          projectNames: waiting.filter((r) => r.requester_slack_id === requester).map((r) => r.project_name),
        })
        .catch((error: unknown) => logger.warn(`Could not DM ${requester}: ${String(error)}`));
    }
    return true;
  }

  /** The first admin message about an invite; kept (when in a channel) so later ones update it in place. */
  async postCard(tracked: TrackedInvite, message: InviteNotice): Promise<void> {
    const posted = await this.deps.notifier.toAdmins(message);
    if (posted) {
      await updateTrackedInvite(this.deps.db, tracked.invite_id, {
        nudge_channel: posted.channel,
        nudge_ts: posted.ts,
      });
    }
  }

  /**
   * Each invitee the admins were told about gets one DM, if their email is in Slack. Claimed
   * before sending; given back only when Slack could not say who they are (tried again next
   * sweep). Nobody with that email in Slack, or a refused DM, leaves it claimed: once is enough.
   */
  async remindInvitees(report: NudgeReport): Promise<void> {
    const { db, people, notifier, clock, logger } = this.deps;
    for (const invite of await inviteesToRemind(db, REMINDERS_PER_SWEEP)) {
      if (!(await claimInviteeReminder(db, invite.invite_id, clock.now()))) continue;
      let invitee: string | undefined;
      try {
        invitee = await people.slackIdByEmail(invite.email);
      } catch (error) {
        await updateTrackedInvite(db, invite.invite_id, { invitee_reminded_at: null });
        logger.warn(`Could not look up ${invite.email} in Slack: ${String(error)}`);
        continue;
      }
      if (!invitee) continue;
      await remember(this.deps, [{ slackId: invitee, email: invite.email }]);
      const waiting = await waitingOnInvite(db, invite.email);
      await notifier
        .toPerson(invitee, { kind: 'invite.reminder', invite, waiting })
        .then(() => {
          report.reminded += 1;
        })
        .catch((error: unknown) => logger.warn(`Could not remind ${invite.email}: ${String(error)}`));
    }
  }
}
