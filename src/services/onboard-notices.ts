import type { Onboarding } from '../db/schema.js';
import type { Progress } from '../domain/onboard-progress.js';

/** One person on an onboarding's card. */
export interface CardPerson {
  email: string;
  slackId: string | null;
  /** Waiting: since when; failed: why; skipped: why. */
  detail: string;
}

/** What a group onboarding has to say, as data (joined into `Notice`). */
export type OnboardingNotice =
  /** The progress card, posted once and replaced in place as the onboarding goes on. */
  | {
      kind: 'onboarding.card';
      onboarding: Onboarding;
      progress: Progress;
      /** "7 invited and waiting": each with how long they have waited. */
      waiting: readonly CardPerson[];
      failed: readonly CardPerson[];
      /** Bots, deactivated users, people without an email: named, never silently dropped. */
      skipped: readonly CardPerson[];
      /** Set when Nudge the waiting was last used, so the card can say so. */
      nudgedAt?: Date | undefined;
    }
  /** To a person the onboarding put in the project (at once, or once their invite was accepted). */
  | { kind: 'onboarding.in'; projectName: string; role: string; by: string }
  /** Nudge the waiting: to an invitee who is in Slack. */
  | { kind: 'onboarding.nudge'; projectName: string; email: string; by: string }
  /** Nudge the waiting: the waiting people nobody could reach in Slack, for the admins. */
  | { kind: 'onboarding.not_in_slack'; projectName: string; emails: readonly string[]; by: string };
