import type { Kysely } from 'kysely';
import type { RequestStatus } from '../domain/request-status.js';
import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import {
  type AccessRequest,
  type AccessRequestsTable,
  type Database,
  type Decision,
  NOT_A_SERVICE_ACCOUNT,
} from './schema.js';

export type NewRequestInput = Pick<
  AccessRequestsTable,
  | 'requester_slack_id'
  | 'requester_email'
  | 'project_id'
  | 'project_name'
  | 'role'
  | 'justification'
  | 'access_ends_on'
> & { extends_request_id?: string | null };

/** A unique index said no: SQLite's and PostgreSQL's words for it. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/**
 * Stores a new pending request. Undefined when the person already has an open request for that
 * project: the database's unique index decides, so two replicas cannot both store one.
 */
export async function insertPendingRequest(
  db: Db,
  input: NewRequestInput,
  at: Date,
): Promise<AccessRequest | undefined> {
  try {
    return await insertPending(db, input, at);
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}

async function insertPending(db: Db, input: NewRequestInput, at: Date): Promise<AccessRequest> {
  return db.transaction().execute(async (trx) => {
    const request: AccessRequest = {
      ...input,
      extends_request_id: input.extends_request_id ?? null,
      id: newId('req'),
      status: 'pending',
      openai_user_id: null,
      last_error: null,
      invite_id: null,
      reminded_at: null,
      escalated_at: null,
      end_warned_at: null,
      membership_before: null,
      removal_failure_told_at: null,
      applied_announced_at: null,
      kind: 'access',
      ...NOT_A_SERVICE_ACCOUNT,
      onboarding_id: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    };
    await trx.insertInto('access_requests').values(request).execute();
    await recordAudit(trx, {
      at,
      actor: input.requester_slack_id,
      action: 'request.submitted',
      subjectType: 'access_request',
      subjectId: request.id,
      after: { status: 'pending', project_id: input.project_id, role: input.role },
      details: {
        justification: input.justification,
        access_ends_on: input.access_ends_on,
        extends_request_id: input.extends_request_id ?? null,
      },
    });
    return request;
  });
}

export async function findRequest(db: Kysely<Database>, id: string): Promise<AccessRequest | undefined> {
  return db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDecision(db: Kysely<Database>, requestId: string): Promise<Decision | undefined> {
  return db.selectFrom('decisions').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

export async function findOpenRequestFor(
  db: Db,
  requesterSlackId: string,
  projectId: string,
): Promise<AccessRequest | undefined> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('requester_slack_id', '=', requesterSlackId)
    .where('project_id', '=', projectId)
    .where('kind', '=', 'access')
    .where('status', 'in', ['pending', 'approved', 'awaiting_invite'])
    .executeTakeFirst();
}

export interface Transition {
  id: string;
  from: RequestStatus | readonly RequestStatus[];
  to: RequestStatus;
  actor: string;
  action: string;
  at: Date;
  /** Columns that change together with the status. */
  set?: Partial<
    Pick<
      AccessRequestsTable,
      'openai_user_id' | 'last_error' | 'invite_id' | 'membership_before' | 'access_ends_on'
    >
  >;
  details?: unknown;
  /**
   * Only while the end date is still this one: ending a grant must not win over an extension
   * that took it over (and cleared its end date) meanwhile.
   */
  whileEndsOn?: string;
}

/**
 * Moves a request from one of `from` to `to` in one conditional update, and records it.
 * Returns undefined when the request was not in `from` any more: someone else acted first,
 * and the caller must not act again.
 */
export async function transitionRequest(
  db: Kysely<Database>,
  t: Transition,
): Promise<AccessRequest | undefined> {
  const from = typeof t.from === 'string' ? [t.from] : [...t.from];
  const run = async (trx: Kysely<Database>) => {
    const endsOn = t.whileEndsOn;
    const before = await trx
      .selectFrom('access_requests')
      .select('status')
      .where('id', '=', t.id)
      .where('status', 'in', from)
      .$if(endsOn !== undefined, (q) => q.where('access_ends_on', '=', endsOn as string))
      .executeTakeFirst();
    if (!before) return undefined;
    const updated = await trx
      .updateTable('access_requests')
      .set({ ...t.set, status: t.to, updated_at: t.at.toISOString() })
      .where('id', '=', t.id)
      .where('status', 'in', from)
      .$if(endsOn !== undefined, (q) => q.where('access_ends_on', '=', endsOn as string))
      .returningAll()
      .executeTakeFirst();
    if (!updated) return undefined;
    await recordAudit(trx, {
      at: t.at,
      actor: t.actor,
      action: t.action,
      subjectType: 'access_request',
      subjectId: t.id,
      before: { status: before.status },
      after: { status: t.to, ...t.set },
      details: t.details,
    });
    return updated;
  };
  return db.isTransaction ? run(db) : (db as Db).transaction().execute(run);
}

export interface DecisionInput {
  requestId: string;
  outcome: 'approved' | 'denied';
  decidedBy: string;
  decidedAs: 'owner' | 'admin';
  reason: string | null;
  at: Date;
}

/**
 * pending → approved/denied plus the decision row, atomically. Undefined when the request
 * was no longer pending (a second click, or another approver was faster).
 */
export async function decideRequest(db: Db, input: DecisionInput): Promise<AccessRequest | undefined> {
  return db.transaction().execute(async (trx) => {
    const decided = await transitionRequest(trx, {
      id: input.requestId,
      from: 'pending',
      to: input.outcome,
      actor: input.decidedBy,
      action: input.outcome === 'approved' ? 'request.approved' : 'request.denied',
      at: input.at,
      details: { decided_as: input.decidedAs, reason: input.reason },
    });
    if (!decided) return undefined;
    await trx
      .insertInto('decisions')
      .values({
        request_id: input.requestId,
        outcome: input.outcome,
        decided_by: input.decidedBy,
        decided_as: input.decidedAs,
        reason: input.reason,
        decided_at: input.at.toISOString(),
      })
      .execute();
    return decided;
  });
}

export async function setLastError(db: Db, id: string, message: string | null, at: Date): Promise<void> {
  await db
    .updateTable('access_requests')
    .set({ last_error: message, updated_at: at.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Pre-assignments: approved requests waiting for the org invite of this email to be accepted. */
export async function waitingOnInvite(db: Db, email: string): Promise<AccessRequest[]> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('status', '=', 'awaiting_invite')
    .where((eb) => eb(eb.fn('lower', ['requester_email']), '=', email.toLowerCase()))
    .orderBy('created_at')
    .execute();
}

/** Points pre-assignments at an invite; null means "no invite yet" and the sweep makes or finds one. */
export async function linkInvite(
  db: Db,
  requestIds: readonly string[],
  inviteId: string | null,
  at: Date,
): Promise<void> {
  if (requestIds.length === 0) return;
  await db
    .updateTable('access_requests')
    .set({ invite_id: inviteId, updated_at: at.toISOString() })
    .where('id', 'in', [...requestIds])
    .execute();
}

/**
 * Claims telling the requester that `id` is applied; true for exactly one caller. Written before
 * the message is sent, so a restart never repeats it (a crash mid-send loses it instead).
 */
export async function claimAppliedAnnouncement(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('access_requests')
    .set({ applied_announced_at: at.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'applied')
    .where('applied_announced_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Requests a process left half done, last touched before `before`: `approved` but never applied,
 * or `applied` but never announced. The age keeps a sweep off work another replica is doing now.
 */
export async function interruptedRequests(
  db: Db,
  before: Date,
): Promise<{ unapplied: AccessRequest[]; unannounced: AccessRequest[] }> {
  const stale = await db
    .selectFrom('access_requests')
    .selectAll()
    .where('updated_at', '<', before.toISOString())
    .where((eb) =>
      eb.or([
        eb('status', '=', 'approved'),
        eb.and([eb('status', '=', 'applied'), eb('applied_announced_at', 'is', null)]),
      ]),
    )
    .orderBy('created_at')
    .execute();
  return {
    unapplied: stale.filter((r) => r.status === 'approved'),
    unannounced: stale.filter((r) => r.status === 'applied'),
  };
}
