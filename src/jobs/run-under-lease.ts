import { addSeconds } from 'date-fns';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { acquireLease, releaseLease } from '../db/leases.js';

/**
 * Runs a sweep only while holding its lease row, and always gives the lease back: with several
 * replicas, exactly one sweeps at a time; a replica that dies keeps it only until it expires.
 * Returns undefined when another replica holds the lease.
 */
export async function runUnderLease<T>(
  lease: { db: Db; clock: Clock; name: string; owner: string; seconds: number },
  work: () => Promise<T>,
): Promise<T | undefined> {
  const now = lease.clock.now();
  if (!(await acquireLease(lease.db, lease.name, lease.owner, now, addSeconds(now, lease.seconds))))
    return undefined;
  try {
    return await work();
  } finally {
    await releaseLease(lease.db, lease.name, lease.owner);
  }
}
