import { mergeInviteProjects } from './invite-rules.js';
import type { ProjectRole } from './request-status.js';

/**
 * Timer jitter a poll forgives: a replica's timer firing a moment early, or the last listing
 * recorded a moment after its timer fired, must not push the next poll a whole interval later.
 */
const JITTER_MS = 1_000;

/**
 * Whether the invites are due to be listed again: ACCEPT_POLL_SECONDS since any listing (a poll
 * or a full sweep, on any replica) less a little jitter. Never listed: due.
 */
export function acceptPollDue(lastListedAt: Date | undefined, now: Date, pollSeconds: number): boolean {
  if (!lastListedAt) return true;
  const interval = pollSeconds * 1000;
  return now.getTime() - lastListedAt.getTime() >= interval - Math.min(JITTER_MS, interval / 10);
}

/** An invite as the poll reads it (OpenAI's shape, times in unix seconds). */
export interface ListedInvite {
  email: string;
  status: string;
  accepted_at?: number | null;
  projects: readonly { id: string; role: ProjectRole }[];
}

/** A pre-assignment as the poll reads it. */
export interface WaitingGrant {
  requester_email: string;
  created_at: string;
}

/**
 * The people with pre-assignments whose invite shows as accepted, by lowercased email, with the
 * projects their accepted invites granted (so nothing is added twice). As in the full sweep, only
 * an invite accepted since the oldest pre-assignment of that email counts: an old one (of someone
 * who left the org and came back) says nothing about today's membership.
 */
export function acceptedWhileWaiting(
  invites: readonly ListedInvite[],
  waiting: readonly WaitingGrant[],
): Map<string, { id: string; role: ProjectRole }[]> {
  const waitingSince = new Map<string, number>();
  for (const grant of waiting) {
    const email = grant.requester_email.toLowerCase();
    const at = Date.parse(grant.created_at);
    waitingSince.set(email, Math.min(waitingSince.get(email) ?? at, at));
  }
  const accepted = new Map<string, { id: string; role: ProjectRole }[]>();
  for (const invite of invites) {
    if (invite.status !== 'accepted' || invite.accepted_at == null) continue;
    const email = invite.email.toLowerCase();
    const since = waitingSince.get(email);
    if (since === undefined || invite.accepted_at * 1000 < since) continue;
    const granted = invite.projects.map((p) => ({ projectId: p.id, role: p.role }));
    accepted.set(email, mergeInviteProjects(accepted.get(email) ?? [], granted));
  }
  return accepted;
}
