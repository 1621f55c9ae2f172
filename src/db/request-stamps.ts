import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import type { AccessRequest } from './schema.js';

/**
 * Conditional stamps on a request: each is written only once and only in the expected state, so
 * the first of two replicas (or of a retry after a crash) wins and the other does nothing.
 * True for the caller whose stamp was written.
 */

/** Writes what the person had in the project before the grant, unless an earlier attempt did. */
export async function stampMembershipBefore(
  db: Db,
  requestId: string,
  before: 'none' | 'member' | 'owner',
): Promise<boolean> {
  const written = await db
    .updateTable('access_requests')
    .set({ membership_before: before })
    .where('id', '=', requestId)
    .where('status', '=', 'approved')
    .where('membership_before', 'is', null)
    .executeTakeFirst();
  return Number(written.numUpdatedRows) > 0;
}

/** The 24-hour warning before a grant's end date. */
export async function stampEndWarning(db: Db, grantId: string, at: Date): Promise<boolean> {
  const stamped = await db
    .updateTable('access_requests')
    .set({ end_warned_at: at.toISOString() })
    .where('id', '=', grantId)
    .where('status', '=', 'applied')
    .where('end_warned_at', 'is', null)
    .executeTakeFirst();
  return Number(stamped.numUpdatedRows) > 0;
}

/** That the admins were told a removal on the end date failed. */
export async function stampRemovalFailureTold(db: Db, grantId: string, at: Date): Promise<boolean> {
  const stamped = await db
    .updateTable('access_requests')
    .set({ removal_failure_told_at: at.toISOString() })
    .where('id', '=', grantId)
    .where('removal_failure_told_at', 'is', null)
    .executeTakeFirst();
  return Number(stamped.numUpdatedRows) > 0;
}

/** A reminder or an escalation of a still-pending request, with its audit record, in one transaction. */
export async function stampFollowup(
  db: Db,
  request: Pick<AccessRequest, 'id'>,
  step: 'reminded' | 'escalated',
  at: Date,
): Promise<boolean> {
  const column = step === 'reminded' ? 'reminded_at' : 'escalated_at';
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('access_requests')
      .set({ [column]: at.toISOString() })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .where(column, 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      at,
      actor: 'system',
      action: step === 'reminded' ? 'request.reminded' : 'request.escalated',
      subjectType: 'access_request',
      subjectId: request.id,
    });
    return true;
  });
}

/**
 * Once an extension is applied, the grant it extends stops counting: the extension takes over
 * what the person had before the first grant, the original loses its end date, and the audit
 * says so. One transaction: a crash never leaves two grants with an end date, or none.
 *
 * The end date is cleared only while the original is still `applied`; ending it on its end date
 * is the same row, conditional on that end date (`whileEndsOn`), so the database orders the two:
 * exactly one of them wins. True when the take-over won (the original was still in force).
 */
export async function takeOverGrant(
  db: Db,
  extension: AccessRequest,
  original: AccessRequest,
  at: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('access_requests')
      .set({ membership_before: original.membership_before, updated_at: at.toISOString() })
      .where('id', '=', extension.id)
      .execute();
    const cleared = await trx
      .updateTable('access_requests')
      .set({ access_ends_on: null, updated_at: at.toISOString() })
      .where('id', '=', original.id)
      .where('status', '=', 'applied')
      .executeTakeFirst();
    await recordAudit(trx, {
      at,
      actor: 'system',
      action: 'grant.extended',
      subjectType: 'access_request',
      subjectId: original.id,
      before: { access_ends_on: original.access_ends_on },
      after: { access_ends_on: extension.access_ends_on, by_request: extension.id },
    });
    return Number(cleared.numUpdatedRows) > 0;
  });
}
