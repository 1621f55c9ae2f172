import { addDays } from 'date-fns/addDays';
import { addHours } from 'date-fns/addHours';
import { isBefore } from 'date-fns/isBefore';
import { subHours } from 'date-fns/subHours';

export interface WaitingPolicy {
  remindAfterHours: number;
  escalateAfterHours: number;
  ttlDays: number;
}

export type PendingStep = 'remind' | 'escalate' | 'expire';

/**
 * What is due for a request nobody decided: remind the approvers, then escalate to the bot
 * admins, then expire. Each step happens once (its timestamp is stored); a step that is
 * overdue together with a later one is skipped, because the later one says more.
 */
export function duePendingStep(
  request: { createdAt: Date; remindedAt: Date | null; escalatedAt: Date | null },
  now: Date,
  policy: WaitingPolicy,
): PendingStep | undefined {
  if (!isBefore(now, addDays(request.createdAt, policy.ttlDays))) return 'expire';
  if (!request.escalatedAt && !isBefore(now, addHours(request.createdAt, policy.escalateAfterHours)))
    return 'escalate';
  if (
    !request.remindedAt &&
    !request.escalatedAt &&
    !isBefore(now, addHours(request.createdAt, policy.remindAfterHours))
  ) {
    return 'remind';
  }
  return undefined;
}

/** A grant's end date (YYYY-MM-DD) ends access at the start of that day, UTC. */
export function accessEndsAt(endsOn: string): Date {
  return new Date(`${endsOn}T00:00:00Z`);
}

export type GrantStep = 'warn' | 'remove';

/** Removal on the end date, and one warning 24 hours before it. */
export function dueGrantStep(
  grant: { endsOn: string | null; warnedAt: Date | null },
  now: Date,
): GrantStep | undefined {
  if (!grant.endsOn) return undefined;
  const endsAt = accessEndsAt(grant.endsOn);
  if (!isBefore(now, endsAt)) return 'remove';
  if (!grant.warnedAt && !isBefore(now, subHours(endsAt, 24))) return 'warn';
  return undefined;
}

/** What to do at the end date so that only what the bot granted is taken away. */
export function removalAction(
  membershipBefore: 'none' | 'member' | 'owner' | null,
  grantedRole: 'member' | 'owner',
): { kind: 'remove' } | { kind: 'restore_role'; role: 'member' | 'owner' } | { kind: 'keep' } {
  if (membershipBefore === null || membershipBefore === 'none') return { kind: 'remove' };
  if (membershipBefore === grantedRole) return { kind: 'keep' };
  return { kind: 'restore_role', role: membershipBefore };
}

/** OpenAI's guidance: 2–3 owners per project. None leaves it unmanaged; many dilute responsibility. */
export const MAX_OWNERS = 3;

export function ownerCountProblem(owners: number): 'none' | 'too_many' | undefined {
  if (owners === 0) return 'none';
  if (owners > MAX_OWNERS) return 'too_many';
  return undefined;
}
