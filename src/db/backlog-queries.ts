import { subHours } from 'date-fns/subHours';
import type { Db } from './database.js';

/**
 * What waits right now, for the /metrics gauges: counts only, on indexed columns, so a scrape
 * every few seconds costs the database next to nothing.
 */
export async function backlogCounts(
  db: Db,
  now: Date,
  stallAfterHours: number,
): Promise<{ pendingRequests: number; waitingPreAssignments: number; stalledInvites: number }> {
  const [byStatus, stalled] = await Promise.all([
    db
      .selectFrom('access_requests')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .where('status', 'in', ['pending', 'awaiting_invite'])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('tracked_invites')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'pending')
      .where('invited_at', '<=', subHours(now, stallAfterHours).toISOString())
      .executeTakeFirstOrThrow(),
  ]);
  const count = (status: string) => Number(byStatus.find((row) => row.status === status)?.count ?? 0);
  return {
    pendingRequests: count('pending'),
    waitingPreAssignments: count('awaiting_invite'),
    stalledInvites: Number(stalled.count),
  };
}
