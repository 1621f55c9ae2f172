import type { AccessRequest, Decision, TrackedInvite } from '../db/schema.js';
import type { InviteHealth } from '../domain/invite-rules.js';
import type { BudgetNotice } from './budget-notices.js';
import type { KeyNotice } from './key-notices.js';
import type { OffboardingNotice } from './offboarding-notices.js';
import type { OnboardingNotice } from './onboard-notices.js';
import type { ProjectRequestNotice } from './project-notices.js';
import type { ServiceAccountNotice } from './service-account-notices.js';

/**
 * Everything the services and sweeps have to say, as data. Each notice names what happened and
 * carries what a reader needs; how it looks (Block Kit, mrkdwn, escaping) is decided in
 * `src/slack/`, one renderer per kind. A new capability adds its kinds here (or in a file of
 * its own joined into `Notice`, as budgets do).
 */
export type Notice =
  | RequestNotice
  | InviteNotice
  | ProjectNotice
  | BudgetNotice
  | ProjectRequestNotice
  | ServiceAccountNotice
  | OffboardingNotice
  | KeyNotice
  | OnboardingNotice;

/** A request as every copy of it shows it: the row, its decision, whom it was sent to. */
export interface RequestSnapshot {
  request: AccessRequest;
  decision: Decision | undefined;
  approvers: readonly string[];
  /** For an extension request: the grant it extends, to show its current end date. */
  extended?: AccessRequest | undefined;
  /** For a request waiting on an org invite: that invite, to say when it was sent and when it expires. */
  invite?: TrackedInvite | undefined;
}

/** Why a new request did not reach the project's owners directly, told on the requester's copy. */
export type RoutingNote =
  | { kind: 'posted_in_admin_channel'; channel: string }
  | { kind: 'nobody_reachable' }
  | { kind: 'went_to_bot_admins' };

export type RequestNotice =
  /** The approver's copy: the request with Approve / Deny while pending. */
  | {
      kind: 'request.for_approver';
      snapshot: RequestSnapshot;
      /** Set when the request was escalated to this bot admin because no owner decided. */
      escalatedSince?: string;
    }
  /** The requester's own copy, with Cancel while pending. */
  | { kind: 'request.for_requester'; snapshot: RequestSnapshot; routing?: RoutingNote }
  | { kind: 'request.denied'; request: AccessRequest; decidedBy: string; reason: string | null }
  /** The requester's "you're in". */
  | { kind: 'request.applied'; request: AccessRequest; roleChanged: boolean }
  /** An approval whose apply failed, told to the approver once. */
  | { kind: 'request.apply_failed'; request: AccessRequest; problem: string }
  /** A thread reply under each approver copy of a request still waiting. */
  | { kind: 'request.reminder'; request: AccessRequest }
  | { kind: 'request.expired'; request: AccessRequest; ttlDays: number }
  /**
   * The requester's word that their pre-assignment waits on an org invite (sent now, or found
   * pending); the approver's copy of the request says the same in its status line.
   */
  | {
      kind: 'request.pre_assigned';
      request: AccessRequest;
      email: string;
      inviteCreated: boolean;
      invitedAt: Date;
      expiresAt: Date | null;
    }
  /** Sending the org invite for an approved request failed (told once; the sweep retries). */
  | {
      kind: 'request.invite_failed';
      request: AccessRequest;
      audience: 'requester' | 'approver';
      email: string;
      problem: string;
    }
  /** A pre-assignment was applied after the invite was accepted. */
  | { kind: 'request.applied_after_invite'; request: AccessRequest; audience: 'requester' | 'approver' }
  /** A time-bound grant ends in 24 hours: the holder may ask to extend it. */
  | { kind: 'grant.ending'; grant: AccessRequest }
  | {
      kind: 'grant.ended';
      grant: AccessRequest;
      done: 'remove' | 'keep' | 'restore_role';
      restoredRole: 'member' | 'owner' | null;
    }
  /** Removing access on its end date failed; told to the admins once, retried every sweep. */
  | { kind: 'grant.removal_failed'; grant: AccessRequest; problem: string }
  /**
   * An extension was approved while its grant's end-date removal ran, and adding the person back
   * failed: they may be out of a project they were just told they are in. Told to the admins.
   */
  | { kind: 'grant.restore_failed'; grant: AccessRequest; problem: string };

export type InviteNotice =
  /** The admins' card about an invite nobody accepted; replaced in place as it ages. */
  | {
      kind: 'invite.stalled';
      invite: TrackedInvite;
      health: InviteHealth;
      waiting: readonly AccessRequest[];
    }
  /** A thread reply under that card on a later day. */
  | { kind: 'invite.still_stalled'; health: InviteHealth }
  /** The invitee's "check your mail, and spam" DM. */
  | { kind: 'invite.reminder'; invite: TrackedInvite; waiting: readonly AccessRequest[] }
  | {
      kind: 'invite.closed';
      invite: TrackedInvite;
      reason: 'expired' | 'gone';
      waiting: readonly AccessRequest[];
    }
  /** A person waiting on an invite that expired or vanished: their approvals are kept. */
  | {
      kind: 'invite.closed_for_requester';
      email: string;
      reason: 'expired' | 'gone';
      projectNames: readonly string[];
    }
  /** `waitingAdded`: pre-assignments waited on it and were added (else it was someone's own invite). */
  | { kind: 'invite.accepted'; email: string; waitingAdded: boolean }
  /** Many invites that stalled at once, in one admin message updated in place as they resolve. */
  | {
      kind: 'invite.digest';
      stallAfterHours: number;
      /** Still pending, oldest first. */
      pending: readonly StalledInviteLine[];
      resolved: DigestResolved;
    }
  /** The admins' card once the invitee is in the org without this invite (another invite, SSO). */
  | { kind: 'invite.joined'; invite: TrackedInvite; applied: readonly AccessRequest[] }
  | {
      kind: 'invite.replaced';
      invite: TrackedInvite;
      by: string;
      at: Date;
      newExpiry: string | null;
    };

/** One stalled invite as a digest lists it. */
export interface StalledInviteLine {
  invite: TrackedInvite;
  health: InviteHealth;
  waiting: readonly AccessRequest[];
}

/** What became of a digest's invites that are no longer pending. */
export interface DigestResolved {
  accepted: number;
  resent: number;
  /** The invitee joined the org another way. */
  joined: number;
  /** Expired, or deleted in OpenAI's dashboard. */
  closed: number;
}

export type ProjectNotice = {
  /** A project with no owner or more than OpenAI's recommended three. */
  kind: 'project.owner_count';
  projectName: string;
  problem: 'none' | 'too_many';
  ownerNames: readonly string[];
};
