import type { AccessRequest } from '../db/schema.js';
import type { ServiceAccountRefusal } from './service-account-refusals.js';

/**
 * Why a click or a submission changed nothing, as data; the Slack side words it for the person
 * who acted (privately).
 */
export type Refusal =
  | ServiceAccountRefusal
  | { kind: 'no_such_request'; requestId: string }
  | { kind: 'already_decided'; outcome: 'approved' | 'denied'; by: string }
  | { kind: 'not_pending'; status: AccessRequest['status'] }
  | { kind: 'cannot_decide'; reason: 'own_request' | 'not_an_approver'; projectName: string }
  | { kind: 'only_requester_cancels' }
  | { kind: 'only_holder_extends' }
  | { kind: 'nothing_to_extend'; status: AccessRequest['status'] }
  | { kind: 'extension_closed' }
  | {
      kind: 'admins_only';
      action: 'resend_invite' | 'list_invites' | 'decide_project_request' | 'retry_project_plan';
      botAdmins: readonly string[];
    }
  | { kind: 'plan_not_failed'; status: string }
  | { kind: 'cannot_archive'; reason: 'not_active' | 'not_owner' | 'already_requested'; projectName: string }
  | { kind: 'unknown_invite'; inviteId: string }
  | { kind: 'invite_accepted'; email: string; meanwhile: boolean }
  | { kind: 'invite_replaced'; by: string | null }
  | { kind: 'resend_in_progress' }
  | { kind: 'offboarding_admins_only'; botAdmins: readonly string[] }
  | { kind: 'no_such_card'; cardId: string }
  | { kind: 'card_decided'; status: string; by: string | null }
  /** Group onboarding: only bot admins and the project's owners may onboard into it. */
  | { kind: 'onboard_not_allowed'; projectName: string }
  | { kind: 'no_such_onboarding'; onboardingId: string }
  /** Nothing failed (Retry), or nobody waits (Nudge the waiting). */
  | { kind: 'onboard_nothing_to_do'; action: 'retry' | 'nudge' }
  /**
   * Re-sending failed: `kept` says the old invite still stands, `retried` that the sweep takes
   * over, `deleted_not_sent` that the old one is gone and nothing was sent in its place.
   */
  | {
      kind: 'resend_failed';
      problem: string;
      outcome: 'nothing_changed' | 'kept' | 'retried' | 'deleted_not_sent';
    };

/** Something the person who clicked should hear although the click worked. */
export type ClickNote = {
  /** Re-send / Re-invite for someone in the org already: what waited on them was applied instead. */
  kind: 'applied_to_member';
  email: string;
  applied: readonly AccessRequest[];
  /** Why something could not be applied yet (the sweep retries), or null. */
  problem: string | null;
};

export type ClickAnswer = { ok: true; note?: ClickNote } | { ok: false; refusal: Refusal };

export const refuse = (refusal: Refusal): { ok: false; refusal: Refusal } => ({ ok: false, refusal });
