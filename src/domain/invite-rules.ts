import { addHours } from 'date-fns/addHours';
import { differenceInHours } from 'date-fns/differenceInHours';
import { isAfter } from 'date-fns/isAfter';
import { isBefore } from 'date-fns/isBefore';
import type { ProjectRole } from './request-status.js';

/** An invite as the rules need it: OpenAI's status and expiry (unix seconds). */
export interface InviteState {
  status: string;
  expires_at?: number | null | undefined;
}

/** Pending in OpenAI and not yet past its expiry (OpenAI may report it pending a while longer). */
export function isLivePending(invite: InviteState, now: Date): boolean {
  return (
    invite.status === 'pending' && (invite.expires_at == null || invite.expires_at * 1000 > now.getTime())
  );
}

export interface InviteTiming {
  invitedAt: Date;
  expiresAt: Date | null;
}

export interface InviteHealth {
  ageHours: number;
  /** Pending for longer than the stall threshold. */
  stalled: boolean;
  /** Expires within the next 24 hours. */
  expiringSoon: boolean;
  /** Past its expiry (OpenAI may still report it as pending until it notices). */
  expired: boolean;
}

export function inviteHealth(invite: InviteTiming, now: Date, stallAfterHours: number): InviteHealth {
  const expired = invite.expiresAt !== null && !isAfter(invite.expiresAt, now);
  return {
    ageHours: differenceInHours(now, invite.invitedAt),
    stalled: !isBefore(now, addHours(invite.invitedAt, stallAfterHours)),
    expiringSoon: !expired && invite.expiresAt !== null && isBefore(invite.expiresAt, addHours(now, 24)),
    expired,
  };
}

/** At most one fresh nudge a day per invite, so a stalled invite is never spam. */
export const NUDGE_EVERY_HOURS = 24;

export function nudgeDue(lastNudgedAt: Date | null, now: Date): boolean {
  return lastNudgedAt === null || !isBefore(now, addHours(lastNudgedAt, NUDGE_EVERY_HOURS));
}

export interface ProjectGrant {
  projectId: string;
  role: ProjectRole;
}

/**
 * Whether accepting the invite already gave this grant: the invite named the project with the
 * same role, or as owner (an owner can do everything a member can). Anything else the bot
 * must add after acceptance.
 */
export function grantedByInvite(
  inviteProjects: readonly { id: string; role: ProjectRole }[],
  grant: ProjectGrant,
): boolean {
  return inviteProjects.some(
    (p) =>
      p.id === grant.projectId && (p.role === grant.role || (p.role === 'owner' && grant.role === 'member')),
  );
}

/**
 * The projects a replacement invite carries: the old invite's own, plus every pre-assignment
 * still waiting, so acceptance grants them all at once. The higher role wins per project.
 */
export function mergeInviteProjects(
  inviteProjects: readonly { id: string; role: ProjectRole }[],
  waiting: readonly ProjectGrant[],
): { id: string; role: ProjectRole }[] {
  const merged = new Map<string, ProjectRole>();
  for (const { id, role } of [
    ...inviteProjects,
    ...waiting.map((w) => ({ id: w.projectId, role: w.role })),
  ]) {
    merged.set(id, merged.get(id) === 'owner' ? 'owner' : role);
  }
  return [...merged.entries()].map(([id, role]) => ({ id, role }));
}
