import { addSeconds } from 'date-fns/addSeconds';
import type { Clock } from '../clock.js';
import type { Db } from './database.js';

/**
 * A lease row per sweep: whoever holds an unexpired lease sweeps; everyone else skips. With one
 * process this changes nothing; with several replicas on one database only one sweeps at a time.
 * Returns true when `owner` holds the lease until `until`.
 */
export async function acquireLease(
  db: Db,
  name: string,
  owner: string,
  now: Date,
  until: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('sweep_leases')
      .values({ name, owner, expires_at: until.toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
    const taken = await trx
      .updateTable('sweep_leases')
      .set({ owner, expires_at: until.toISOString() })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('owner', '=', owner), eb('expires_at', '<=', now.toISOString())]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) > 0;
  });
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.deleteFrom('sweep_leases').where('name', '=', name).where('owner', '=', owner).execute();
}

export async function leaseHolder(
  db: Db,
  name: string,
): Promise<{ owner: string; expires_at: string } | undefined> {
  return db
    .selectFrom('sweep_leases')
    .select(['owner', 'expires_at'])
    .where('name', '=', name)
    .executeTakeFirst();
}

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
