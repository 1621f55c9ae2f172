import type { Selectable } from 'kysely';
import type { ProjectRole } from '../domain/request-status.js';

/** Tables of group onboardings (issue 14): the whole plan, stored before the first call. */
export type OnboardingStatus = 'running' | 'finished';

/** One `/access onboard`: a group into one project with one role; its plan is `onboarding_steps`. */
export interface OnboardingsTable {
  id: string;
  project_id: string;
  project_name: string;
  role: ProjectRole;
  actor_slack_id: string;
  /** project|role|sorted emails: an identical onboarding while one runs is refused. */
  people_key: string;
  status: OnboardingStatus;
  /** Where the command was run; the card goes there, or to the actor's DM when the bot cannot post. */
  origin_channel: string | null;
  card_channel: string | null;
  card_ts: string | null;
  created_at: string;
  updated_at: string;
  /** When every step was done (some people may still be waiting on their invite). */
  finished_at: string | null;
  /** When nobody waited any more. */
  completed_at: string | null;
}

/** What one person needs: decided once, from one listing of org users and one of invites. */
export type OnboardingPath = 'none' | 'set_role' | 'add' | 'pre_assign' | 'invite' | 'skip';
/** `sending`: an invite create was started; its outcome is learnt by listing, never by creating again. */
export type OnboardingStepState = 'planned' | 'sending' | 'in' | 'waiting' | 'failed' | 'skipped';

export interface OnboardingStepsTable {
  onboarding_id: string;
  seq: number;
  email: string;
  slack_id: string | null;
  path: OnboardingPath;
  state: OnboardingStepState;
  org_user_id: string | null;
  invite_id: string | null;
  request_id: string | null;
  /** Why it failed, or why the person was skipped (a bot, deactivated). */
  error: string | null;
  waiting_since: string | null;
  done_at: string | null;
  updated_at: string;
}

export type Onboarding = Selectable<OnboardingsTable>;
export type OnboardingStep = Selectable<OnboardingStepsTable>;
