import { z } from 'zod';

/**
 * The life cycle of an access request (DESIGN.md):
 *
 *   pending ─approve→ approved ─apply→ applied ─(end date)→ revoked
 *      │                 └─ not an org user → awaiting_invite ─ accepted → applied
 *      ├─deny→ denied   ├─cancel→ cancelled   └─no decision in time→ expired
 */
export const RequestStatus = z.enum([
  'pending',
  'approved',
  'awaiting_invite',
  'applied',
  'denied',
  'cancelled',
  'expired',
  'revoked',
]);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const ProjectRole = z.enum(['member', 'owner']);
export type ProjectRole = z.infer<typeof ProjectRole>;

const allowedTransitions: Record<RequestStatus, readonly RequestStatus[]> = {
  pending: ['approved', 'denied', 'cancelled', 'expired'],
  approved: ['applied', 'awaiting_invite'],
  awaiting_invite: ['applied', 'cancelled'],
  applied: ['revoked'],
  denied: [],
  cancelled: [],
  expired: [],
  revoked: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** States from which nothing further happens to the request. */
export function isFinal(status: RequestStatus): boolean {
  return allowedTransitions[status].length === 0;
}
