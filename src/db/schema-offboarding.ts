/** Tables of who is who and of offboarding (issue 12). */
import type { Selectable } from 'kysely';

/** Who is who: a Slack user, their email and OpenAI user as the bot last matched them. */
export interface PeopleTable {
  slack_user_id: string;
  email: string | null;
  openai_user_id: string | null;
  /** The deleted state last seen in Slack: 1 deactivated, 0 active, null not seen yet. */
  slack_deleted: number | null;
  /** When the account was last seen going from active to deactivated. */
  deactivated_at: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

/** The admins' card about an org user whose Slack account was deactivated. */
export interface OffboardingCardsTable {
  id: string;
  openai_user_id: string;
  slack_user_id: string | null;
  email: string | null;
  /** open → removing → removed | failed (Retry); open → kept; open → reactivated. */
  status: 'open' | 'removing' | 'failed' | 'removed' | 'kept' | 'reactivated';
  /** JSON `OffboardingFacts`: what the card shows (no secret: key values only redacted). */
  facts: string;
  raised_by: 'event' | 'reconciliation';
  channel_id: string | null;
  ts: string | null;
  decided_by: string | null;
  decided_at: string | null;
  /** Why the admin kept the person. */
  reason: string | null;
  /** What went wrong during the last removal attempt. */
  problem: string | null;
  /** JSON `RemovalOutcome` once removed: whose owners were told, who could not be. */
  outcome: string | null;
  created_at: string;
  updated_at: string;
}

/** What the daily check of Slack accounts last found, per org user (for `/access people`). */
export interface SlackAccountChecksTable {
  openai_user_id: string;
  email: string | null;
  name: string | null;
  org_role: string | null;
  slack_status: 'active' | 'deactivated' | 'none';
  slack_user_id: string | null;
  /** JSON array of { name, role }. */
  projects: string;
  last_key_use_at: string | null;
  checked_at: string;
}

export type PersonRow = Selectable<PeopleTable>;
export type OffboardingCard = Selectable<OffboardingCardsTable>;
export type SlackAccountCheck = Selectable<SlackAccountChecksTable>;
