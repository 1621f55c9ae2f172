import { recordAudit } from '../db/audit-events.js';
import {
  cardById,
  decidableCardsOfSlackUser,
  insertCard,
  latestCardOf,
  setCardMessage,
  staleRemovals,
  transitionCard,
  UNDECIDED,
} from '../db/offboarding-cards.js';
import { personBySlackId, recordSlackState, rememberPeople } from '../db/people.js';
import type { OffboardingCard } from '../db/schema.js';
import type { OrgUser } from '../openai/admin-types.js';
import type { CoreDeps } from './core-deps.js';
import { cardViewOf, STOPPED_REMOVAL } from './offboarding-notices.js';
import { OrgView } from './org-view.js';

/** A Slack account as a `user_change` event (or the daily check) shows it. */
export interface SlackUserState {
  slackId: string;
  deleted: boolean;
  /** Absent without users:read.email, and on a profile deleted for privacy. */
  email: string | null;
  isBot: boolean;
}

export type RaiseResult = 'raised' | 'reposted' | 'exists' | 'decided' | 'not_in_org';

/**
 * Offboarding, the noticing half: a Slack account going from active to deactivated raises one
 * card for the admins when the person is in the OpenAI organization; going back before anyone
 * decided closes the card. The decisions (remove, keep) are in `OffboardingDecisions`.
 */
export class Offboarding {
  constructor(private readonly deps: CoreDeps) {}

  /** `user_change`: only the deleted-state transitions act; profile and status changes do nothing. */
  async slackUserChanged(user: SlackUserState): Promise<RaiseResult | 'reactivated' | 'ignored'> {
    if (user.isBot) return 'ignored';
    const change = await recordSlackState(this.deps.db, user, this.deps.clock.now());
    if (change === 'deactivated') return this.raise(user, 'event', new OrgView(this.deps.admin));
    if (change === 'reactivated') {
      await this.reactivated(user.slackId);
      return 'reactivated';
    }
    return 'ignored';
  }

  /**
   * Raises the card for a deactivated Slack account, once: not when an undecided card exists
   * (it is posted again if it never reached anyone), nor when a card was decided since this
   * deactivation (a Keep is not asked again). The person is matched through the stored map
   * first, since a deactivated profile may have lost its email.
   */
  async raise(
    user: Pick<SlackUserState, 'slackId' | 'email'>,
    raisedBy: 'event' | 'reconciliation',
    view: OrgView,
    knownOrgUser?: OrgUser,
  ): Promise<RaiseResult> {
    const { db, admin, clock } = this.deps;
    const person = await personBySlackId(db, user.slackId);
    const email = person?.email ?? user.email?.toLowerCase() ?? null;
    let orgUser = knownOrgUser;
    if (!orgUser && person?.openai_user_id) orgUser = await admin.getOrgUser(person.openai_user_id);
    if (!orgUser && email) orgUser = await admin.findUserByEmail(email);
    if (!orgUser) return 'not_in_org';
    const now = clock.now();
    await rememberPeople(
      db,
      [{ slackId: user.slackId, email: orgUser.email ?? email, openaiUserId: orgUser.id }],
      now,
    );

    const latest = await latestCardOf(db, orgUser.id);
    if (latest && UNDECIDED.includes(latest.status)) {
      if (latest.channel_id) return 'exists';
      await this.post(latest);
      return 'reposted';
    }
    const since = person?.deactivated_at ?? now.toISOString();
    if (latest && latest.created_at >= since) return 'decided';

    const facts = await view.factsOf(orgUser, user.slackId);
    const card = await insertCard(db, {
      openaiUserId: orgUser.id,
      slackUserId: user.slackId,
      email: facts.email,
      facts,
      raisedBy,
      at: now,
    });
    if (!card) return 'exists';
    await recordAudit(db, {
      at: now,
      actor: 'system',
      action: 'offboarding.raised',
      subjectType: 'org_user',
      subjectId: orgUser.id,
      details: { card: card.id, email: facts.email, slack_user_id: user.slackId, raised_by: raisedBy },
    });
    await this.post(card);
    return 'raised';
  }

  /** Reactivated before anyone decided: the card says so and loses its buttons. */
  async reactivated(slackId: string): Promise<void> {
    const { db, clock } = this.deps;
    for (const { id } of await decidableCardsOfSlackUser(db, slackId)) {
      const card = await transitionCard(db, {
        id,
        from: ['open', 'failed'],
        to: 'reactivated',
        at: clock.now(),
        audit: { actor: 'system', action: 'offboarding.reactivated' },
      });
      if (card) await this.show(card);
    }
  }

  /**
   * A removal whose process stopped halfway (a crash, a deploy) leaves its card `removing`; after
   * `minutes` it is shown as failed, with Retry: deleting again is safe (a user already gone counts
   * as removed). Returns how many were freed.
   */
  async freeStaleRemovals(minutes = 15): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    let freed = 0;
    for (const stale of await staleRemovals(db, new Date(now.getTime() - minutes * 60_000))) {
      const card = await transitionCard(db, {
        id: stale.id,
        from: ['removing'],
        to: 'failed',
        at: now,
        set: { problem: STOPPED_REMOVAL },
      });
      if (card) {
        freed += 1;
        await this.show(card);
      }
    }
    return freed;
  }

  /** Re-renders the card in place (when it was posted). */
  async show(card: OffboardingCard): Promise<void> {
    if (!card.channel_id || !card.ts) return;
    try {
      await this.deps.notifier.replace(
        { channel: card.channel_id, ts: card.ts },
        { kind: 'offboarding.card', view: cardViewOf(card) },
      );
    } catch (error) {
      this.deps.logger.warn(`Could not update offboarding card ${card.id}: ${String(error)}`);
    }
  }

  async card(id: string): Promise<OffboardingCard | undefined> {
    return cardById(this.deps.db, id);
  }

  /** Posts the card to the admins; a card nobody got stays without a message, posted again next time. */
  private async post(card: OffboardingCard): Promise<void> {
    try {
      const sent = await this.deps.notifier.toAdmins({ kind: 'offboarding.card', view: cardViewOf(card) });
      // Sent by DM to each admin (no ADMIN_CHANNEL): there is no one message to update later.
      await setCardMessage(this.deps.db, card.id, sent ?? { channel: 'admin-dms', ts: '' });
    } catch (error) {
      this.deps.logger.error(`Could not tell the admins about offboarding card ${card.id}: ${String(error)}`);
    }
  }
}
