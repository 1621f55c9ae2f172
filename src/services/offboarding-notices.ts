import type { OffboardingCard } from '../db/schema.js';
import type { OffboardingFacts, OwnedKey } from '../domain/offboarding.js';

/** What a removal came to, stored on the card and shown on it. */
export interface RemovalOutcome {
  /** `already_gone`: OpenAI no longer had the user (an earlier attempt went through). */
  result: 'deleted' | 'already_gone';
  /** Owners told which keys stopped working, per project. */
  told: readonly { projectName: string; slackIds: readonly string[] }[];
  /** Projects whose owners could not be told (no owner, or none found in Slack, or Slack refused). */
  notTold: readonly { projectName: string; why: string }[];
}

/** The card as every rendering of it needs it: its row, the facts, and when its flags were judged. */
export interface OffboardingCardView {
  card: OffboardingCard;
  facts: OffboardingFacts;
  outcome: RemovalOutcome | null;
  /** ISO-8601: "used in the last 7 days" is judged at this moment (when the card was raised). */
  asOf: string;
  /** A failed card whose removal stopped halfway: whether OpenAI removed them is not known. */
  removalUnknown: boolean;
}

/** The problem a removal that stopped halfway is shown with. */
export const STOPPED_REMOVAL =
  'The bot stopped while removing them, so it is not known whether OpenAI did. Retry finds out (a user already gone counts as removed).';

export type OffboardingNotice =
  /** The admins' card about a person deactivated in Slack, replaced in place as it is decided. */
  | { kind: 'offboarding.card'; view: OffboardingCardView }
  /** To each owner of a project the removed person was in: which of their keys stopped working. */
  | {
      kind: 'offboarding.keys_stopped';
      person: { email: string | null; name: string | null };
      projectName: string;
      keys: readonly OwnedKey[];
      removedBy: string;
    };

export function cardViewOf(card: OffboardingCard): OffboardingCardView {
  return {
    card,
    facts: JSON.parse(card.facts) as OffboardingFacts,
    outcome: card.outcome ? (JSON.parse(card.outcome) as RemovalOutcome) : null,
    asOf: card.created_at,
    removalUnknown: card.status === 'failed' && card.problem === STOPPED_REMOVAL,
  };
}
