import { findOnboarding, setOnboardingCard, settleOnboarding, stepsOf } from '../db/onboardings.js';
import type { Onboarding, OnboardingStep } from '../db/schema.js';
import { cardRefreshDue, progressOf, waitedFor } from '../domain/onboard-progress.js';
import type { CoreDeps } from './core-deps.js';
import type { OnboardingNotice } from './onboard-notices.js';

const SKIP_REASONS: Record<string, string> = {
  bot: 'a bot',
  deactivated: 'deactivated',
  no_email: 'no email in Slack',
};

/**
 * An onboarding's progress card: posted where the command was run (or in the actor's DM when the
 * bot cannot post there), replaced in place through the notifier, and shown in the actor's App
 * Home. Refreshes are batched: `changed` counts changes and re-renders only when
 * `cardRefreshDue` says so; `flush` renders what is pending (end of a run, end of a sweep).
 */
export class OnboardCards {
  readonly #pending = new Map<string, { changes: number; lastAt: Date | null }>();
  readonly #nudgedAt = new Map<string, Date>();

  constructor(private readonly deps: CoreDeps) {}

  async noticeOf(onboarding: Onboarding, steps?: readonly OnboardingStep[]): Promise<OnboardingNotice> {
    const all = steps ?? (await stepsOf(this.deps.db, onboarding.id));
    const now = this.deps.clock.now();
    const view = all.map((s) => ({
      email: s.email,
      slackId: s.slack_id,
      state: s.state,
      error: s.error,
      waitingSince: s.waiting_since,
    }));
    return {
      kind: 'onboarding.card',
      onboarding,
      progress: progressOf(view),
      waiting: all
        .filter((s) => s.state === 'waiting')
        .map((s) => ({
          email: s.email,
          slackId: s.slack_id,
          detail: waitedFor(s.waiting_since ?? s.updated_at, now),
        })),
      failed: all
        .filter((s) => s.state === 'failed')
        .map((s) => ({ email: s.email, slackId: s.slack_id, detail: s.error ?? 'unknown error' })),
      skipped: all
        .filter((s) => s.state === 'skipped')
        .map((s) => ({
          email: s.email,
          slackId: s.slack_id,
          detail: SKIP_REASONS[s.error ?? ''] ?? s.error ?? '',
        })),
      nudgedAt: this.#nudgedAt.get(onboarding.id),
    };
  }

  /** Posts the card in the channel the command came from; the actor's DM when the bot cannot post there. */
  async post(onboarding: Onboarding): Promise<void> {
    const { db, notifier, logger } = this.deps;
    const notice = await this.noticeOf(onboarding);
    let card: { channel: string; ts: string } | undefined;
    if (onboarding.origin_channel) {
      card = await notifier.toChannel(onboarding.origin_channel, notice).catch((error: unknown) => {
        logger.info(
          `Cannot post the onboarding card in ${onboarding.origin_channel} (${String(error)}); DMing it`,
        );
        return undefined;
      });
    }
    card ??= await notifier.toPerson(onboarding.actor_slack_id, notice).catch((error: unknown) => {
      logger.warn(`Could not DM the onboarding card to ${onboarding.actor_slack_id}: ${String(error)}`);
      return undefined;
    });
    if (card) await setOnboardingCard(db, onboarding.id, card);
    await notifier.peopleChanged([onboarding.actor_slack_id]);
  }

  /** Counts a change; re-renders when enough changed or enough time passed since the last render. */
  async changed(onboardingId: string, changes = 1): Promise<void> {
    const entry = this.#pending.get(onboardingId) ?? { changes: 0, lastAt: null };
    entry.changes += changes;
    this.#pending.set(onboardingId, entry);
    if (cardRefreshDue({ stepsSince: entry.changes, lastAt: entry.lastAt, now: this.deps.clock.now() })) {
      await this.refresh(onboardingId);
    }
  }

  /** Renders every card with changes not shown yet. */
  async flush(): Promise<void> {
    for (const [id, entry] of [...this.#pending]) if (entry.changes > 0) await this.refresh(id);
  }

  /** Settles the onboarding's status from its steps and re-renders its card now. */
  async refresh(onboardingId: string): Promise<void> {
    const { db, clock, notifier, logger } = this.deps;
    this.#pending.set(onboardingId, { changes: 0, lastAt: clock.now() });
    const before = await findOnboarding(db, onboardingId);
    if (!before) return;
    const steps = await stepsOf(db, onboardingId);
    const progress = progressOf(
      steps.map((s) => ({ ...s, waitingSince: s.waiting_since, slackId: s.slack_id })),
    );
    await settleOnboarding(db, onboardingId, clock.now(), {
      stepsLeft: progress.left,
      waiting: progress.waiting,
    });
    const onboarding = (await findOnboarding(db, onboardingId)) ?? before;
    if (onboarding.card_channel && onboarding.card_ts) {
      await notifier
        .replace(
          { channel: onboarding.card_channel, ts: onboarding.card_ts },
          await this.noticeOf(onboarding, steps),
        )
        .catch((error: unknown) =>
          logger.warn(`Could not update the onboarding card ${onboardingId}: ${String(error)}`),
        );
    }
    await notifier.peopleChanged([onboarding.actor_slack_id]);
  }

  nudged(onboardingId: string, at: Date): void {
    this.#nudgedAt.set(onboardingId, at);
  }
}
