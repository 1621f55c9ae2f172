import { transitionCard } from '../db/offboarding-cards.js';
import { peopleOfOpenaiUser } from '../db/people.js';
import type { OffboardingCard } from '../db/schema.js';
import { keysIn } from '../domain/offboarding.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import { type ClickAnswer, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import type { Offboarding } from './offboarding.js';
import { cardViewOf, type OffboardingCardView, type RemovalOutcome } from './offboarding-notices.js';

export type StartAnswer = { ok: true; view: OffboardingCardView } | Extract<ClickAnswer, { ok: false }>;

/**
 * Offboarding, the deciding half: Remove from OpenAI (after a confirmation) or Keep (with a
 * reason). Bot admins only, checked at the click and again at the submission, from the
 * configuration, never from the button or the modal. Each decision is one conditional update of
 * the card with its audit event, so two admins deciding at once decide once.
 */
export class OffboardingDecisions {
  constructor(private readonly deps: CoreDeps & { botAdmins: readonly string[]; offboarding: Offboarding }) {}

  /** The click on Remove / Retry / Keep: may this person decide, and is there still something to decide? */
  async start(cardId: string, clicker: string): Promise<StartAnswer> {
    const checked = await this.decidable(cardId, clicker);
    if (!checked.ok) return checked;
    return { ok: true, view: cardViewOf(checked.card) };
  }

  async keep(cardId: string, clicker: string, reason: string): Promise<ClickAnswer> {
    const checked = await this.decidable(cardId, clicker);
    if (!checked.ok) return checked;
    const now = this.deps.clock.now();
    const card = await transitionCard(this.deps.db, {
      id: cardId,
      from: ['open', 'failed'],
      to: 'kept',
      at: now,
      set: { decided_by: clicker, decided_at: now.toISOString(), reason },
      audit: { actor: clicker, action: 'offboarding.kept', details: { reason } },
    });
    if (!card) return this.alreadyDecided(cardId);
    await this.deps.offboarding.show(card);
    return { ok: true };
  }

  /**
   * Deletes the org user (OpenAI disables their keys with them), then tells each affected
   * project's owners which keys stopped working. A failure leaves the card `failed` with Retry and
   * says that nothing was changed; a user OpenAI no longer has counts as removed.
   */
  async remove(cardId: string, clicker: string): Promise<ClickAnswer> {
    const checked = await this.decidable(cardId, clicker);
    if (!checked.ok) return checked;
    const { db, admin, clock, logger } = this.deps;
    const now = clock.now();
    const claimed = await transitionCard(db, {
      id: cardId,
      from: ['open', 'failed'],
      to: 'removing',
      at: now,
      set: { decided_by: clicker, decided_at: now.toISOString(), problem: null },
    });
    if (!claimed) return this.alreadyDecided(cardId);
    await this.deps.offboarding.show(claimed);

    let result: RemovalOutcome['result'];
    try {
      result = await admin.deleteOrgUser(claimed.openai_user_id);
    } catch (error) {
      // Nothing retries a removal by itself (an admin clicks Retry), so the usual "will try again" goes.
      const problem = describeAdminFailure(error).replace(/; (the bot|it) will try again later\./, '.');
      logger.error(`Removing ${claimed.openai_user_id} from the org failed: ${problem}`);
      const failed = await transitionCard(db, {
        id: cardId,
        from: ['removing'],
        to: 'failed',
        at: clock.now(),
        set: { problem },
        audit: { actor: clicker, action: 'offboarding.removal_failed', details: { problem } },
      });
      if (failed) await this.deps.offboarding.show(failed);
      return { ok: true };
    }
    const outcome = await this.tellOwners(claimed, clicker, result);
    const done = await transitionCard(db, {
      id: cardId,
      from: ['removing'],
      to: 'removed',
      at: clock.now(),
      set: { outcome: JSON.stringify(outcome) },
      audit: {
        actor: clicker,
        action: 'offboarding.removed',
        details: {
          result,
          keys_stopped: cardViewOf(claimed).facts.keys.map((k) => k.id),
          owners_told: outcome.told,
          not_told: outcome.notTold,
        },
      },
    });
    if (done) await this.deps.offboarding.show(done);
    return { ok: true };
  }

  /** Each project the person was in: its other owners hear which of the person's keys stopped working. */
  private async tellOwners(
    card: OffboardingCard,
    removedBy: string,
    result: RemovalOutcome['result'],
  ): Promise<RemovalOutcome> {
    const { db, people, notifier, logger } = this.deps;
    const { facts } = cardViewOf(card);
    const told: { projectName: string; slackIds: string[] }[] = [];
    const notTold: { projectName: string; why: string }[] = [];
    for (const project of facts.projects) {
      if (project.otherOwners.length === 0) {
        notTold.push({ projectName: project.projectName, why: 'it has no other owner' });
        continue;
      }
      const reached: string[] = [];
      const missed: string[] = [];
      for (const owner of project.otherOwners) {
        const label = owner.email ?? owner.openaiUserId;
        try {
          const known = (await peopleOfOpenaiUser(db, owner.openaiUserId))[0]?.slack_user_id;
          const slackId = known ?? (owner.email ? await people.slackIdByEmail(owner.email) : undefined);
          if (!slackId) {
            missed.push(`${label} (not found in Slack)`);
            continue;
          }
          await notifier.toPerson(slackId, {
            kind: 'offboarding.keys_stopped',
            person: { email: facts.email, name: facts.name },
            projectName: project.projectName,
            keys: keysIn(facts, project.projectId),
            removedBy,
          });
          reached.push(slackId);
        } catch (error) {
          logger.warn(
            `Could not tell ${label} about the removal from ${project.projectId}: ${String(error)}`,
          );
          missed.push(`${label} (Slack refused)`);
        }
      }
      if (reached.length) told.push({ projectName: project.projectName, slackIds: reached });
      if (missed.length) notTold.push({ projectName: project.projectName, why: missed.join(', ') });
    }
    return { result, told, notTold };
  }

  private async decidable(
    cardId: string,
    clicker: string,
  ): Promise<{ ok: true; card: OffboardingCard } | Extract<ClickAnswer, { ok: false }>> {
    if (!this.deps.botAdmins.includes(clicker))
      return refuse({ kind: 'offboarding_admins_only', botAdmins: this.deps.botAdmins });
    const card = await this.deps.offboarding.card(cardId);
    if (!card) return refuse({ kind: 'no_such_card', cardId });
    if (card.status !== 'open' && card.status !== 'failed')
      return refuse({ kind: 'card_decided', status: card.status, by: card.decided_by });
    return { ok: true, card };
  }

  private async alreadyDecided(cardId: string): Promise<Extract<ClickAnswer, { ok: false }>> {
    const card = await this.deps.offboarding.card(cardId);
    return refuse({ kind: 'card_decided', status: card?.status ?? 'gone', by: card?.decided_by ?? null });
  }
}
