import type { Db } from './database.js';
import type { AccessRequest } from './schema.js';

/** Every request still waiting for a decision. */
export async function pendingRequests(db: Db): Promise<AccessRequest[]> {
  return db.selectFrom('access_requests').selectAll().where('status', '=', 'pending').execute();
}

/** Applied grants with an end date. */
export async function timeBoundGrants(db: Db): Promise<AccessRequest[]> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('status', '=', 'applied')
    .where('access_ends_on', 'is not', null)
    .execute();
}

/** Every pre-assignment (approved, waiting for its invite to be accepted). */
export async function allAwaitingInvite(db: Db): Promise<AccessRequest[]> {
  return db.selectFrom('access_requests').selectAll().where('status', '=', 'awaiting_invite').execute();
}

/**
 * Pre-assignments not linked to an invite yet (its create failed, or its outcome is unknown),
 * all of them or those among `ids`, oldest first.
 */
export async function unlinkedPreAssignments(db: Db, ids?: readonly string[]): Promise<AccessRequest[]> {
  if (ids?.length === 0) return [];
  let query = db
    .selectFrom('access_requests')
    .selectAll()
    .where('status', '=', 'awaiting_invite')
    .where('invite_id', 'is', null);
  if (ids) query = query.where('id', 'in', [...ids]);
  return query.orderBy('created_at').execute();
}

/**
 * Another applied grant of the same person to the same project, still in force: it keeps the
 * membership when this one ends. A grant that an applied extension took over does not count:
 * it lives on in the extension.
 */
export async function otherGrantInForce(db: Db, grant: AccessRequest): Promise<boolean> {
  const other = await db
    .selectFrom('access_requests')
    .select('id')
    .where('requester_slack_id', '=', grant.requester_slack_id)
    .where('project_id', '=', grant.project_id)
    .where('status', '=', 'applied')
    .where('id', '!=', grant.id)
    .where('id', 'not in', (eb) =>
      eb
        .selectFrom('access_requests as extension')
        .select('extension.extends_request_id')
        .where('extension.extends_request_id', 'is not', null)
        .where('extension.status', 'in', ['applied', 'revoked']),
    )
    .executeTakeFirst();
  return other !== undefined;
}
