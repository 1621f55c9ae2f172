import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import { type AccessRequest, NOT_A_SERVICE_ACCOUNT, type RequestKind } from './schema.js';

/** The queries of service-account requests (rows of `access_requests` whose kind is not `access`). */

export interface NewServiceAccountRequest {
  kind: Exclude<RequestKind, 'access'>;
  requesterSlackId: string;
  requesterEmail: string;
  projectId: string;
  projectName: string;
  name: string;
  purpose: string;
  endsOn: string | null;
  /** A new key for this account (`service_account_key`), or the account a rotation replaces. */
  serviceAccountId?: string | null;
  /** Set for a rotation an owner started: it needs no second decision and is stored applied. */
  decidedBy?: { slackId: string; as: 'owner' | 'admin' };
}

export async function insertServiceAccountRequest(
  db: Db,
  input: NewServiceAccountRequest,
  at: Date,
): Promise<AccessRequest> {
  return db.transaction().execute(async (trx) => {
    const rotation = input.kind === 'service_account_rotation';
    const request: AccessRequest = {
      id: newId('req'),
      requester_slack_id: input.requesterSlackId,
      requester_email: input.requesterEmail,
      project_id: input.projectId,
      project_name: input.projectName,
      role: 'member',
      justification: input.purpose,
      access_ends_on: null,
      status: input.decidedBy ? 'applied' : 'pending',
      openai_user_id: null,
      last_error: null,
      invite_id: null,
      reminded_at: null,
      escalated_at: null,
      end_warned_at: null,
      onboarding_id: null,
      membership_before: null,
      removal_failure_told_at: null,
      extends_request_id: null,
      applied_announced_at: null,
      ...NOT_A_SERVICE_ACCOUNT,
      kind: input.kind,
      service_account_name: input.name,
      service_account_id: rotation ? null : (input.serviceAccountId ?? null),
      replaces_service_account_id: rotation ? (input.serviceAccountId ?? null) : null,
      service_account_ends_on: input.endsOn,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    };
    await trx.insertInto('access_requests').values(request).execute();
    await recordAudit(trx, {
      at,
      actor: input.requesterSlackId,
      action: `${input.kind}.requested`,
      subjectType: 'access_request',
      subjectId: request.id,
      after: { status: request.status, project_id: input.projectId, name: input.name },
      details: {
        purpose: input.purpose,
        ends_on: input.endsOn,
        service_account_id: input.serviceAccountId ?? null,
      },
    });
    if (input.decidedBy) {
      await trx
        .insertInto('decisions')
        .values({
          request_id: request.id,
          outcome: 'approved',
          decided_by: input.decidedBy.slackId,
          decided_as: input.decidedBy.as,
          reason: null,
          decided_at: at.toISOString(),
        })
        .execute();
    }
    return request;
  });
}

/** Names of the project's service accounts still being asked for or made by the bot. */
export async function namesInFlight(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('access_requests')
    .select('service_account_name')
    .where('project_id', '=', projectId)
    .where('kind', '=', 'service_account')
    .where('status', 'in', ['pending', 'approved'])
    .execute();
  return rows.map((r) => r.service_account_name).filter((n): n is string => n !== null);
}

/**
 * Claims the Show key click: true for exactly one caller (another replica, a double click lose).
 * Only the requester's own, applied request whose key was never shown.
 */
export async function claimKeyShown(db: Db, id: string, clicker: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('access_requests')
    .set({ key_shown_at: at.toISOString(), updated_at: at.toISOString() })
    .where('id', '=', id)
    .where('requester_slack_id', '=', clicker)
    .where('status', '=', 'applied')
    .where('kind', '!=', 'access')
    .where('key_shown_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives the click back when nothing was made (OpenAI refused for sure), so it can be tried again. */
export async function releaseKeyClaim(db: Db, id: string, problem: string, at: Date): Promise<void> {
  await db
    .updateTable('access_requests')
    .set({ key_shown_at: null, last_error: problem, updated_at: at.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Records what Show key made (never the secret), with its audit event, in one transaction. */
export async function recordKeyMade(
  db: Db,
  input: {
    id: string;
    serviceAccountId: string;
    keyId: string;
    actor: string;
    at: Date;
    reconciled: boolean;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('access_requests')
      .set({
        service_account_id: input.serviceAccountId,
        key_id: input.keyId,
        last_error: null,
        updated_at: input.at.toISOString(),
      })
      .where('id', '=', input.id)
      .execute();
    await recordAudit(trx, {
      at: input.at,
      actor: input.actor,
      action: 'service_account.key_shown',
      subjectType: 'access_request',
      subjectId: input.id,
      after: { service_account_id: input.serviceAccountId, key_id: input.keyId },
      details: { found_after_uncertain_create: input.reconciled },
    });
  });
}

/** Every service account id the bot has made or replaced in a project. */
export async function knownServiceAccountIds(db: Db, projectId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('access_requests')
    .select(['service_account_id', 'replaces_service_account_id'])
    .where('project_id', '=', projectId)
    .where('kind', '!=', 'access')
    .execute();
  return new Set(
    rows.flatMap((r) => [r.service_account_id, r.replaces_service_account_id]).filter((id) => id !== null),
  );
}

/** The bot's requests behind a project's accounts, oldest first: who asked for each. */
export async function requestsForProjectAccounts(db: Db, projectId: string): Promise<AccessRequest[]> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('kind', '!=', 'access')
    .where('service_account_id', 'is not', null)
    .orderBy('created_at')
    .execute();
}

/** The live request that owns an account (its end date, its requester), if the bot made it. */
export async function requestOwningAccount(
  db: Db,
  serviceAccountId: string,
): Promise<AccessRequest | undefined> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('service_account_id', '=', serviceAccountId)
    .where('kind', 'in', ['service_account', 'service_account_rotation'])
    .where('status', '=', 'applied')
    .executeTakeFirst();
}

/** Applied accounts with an end date: the sweep warns and removes. */
export async function endingServiceAccounts(db: Db): Promise<AccessRequest[]> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('kind', 'in', ['service_account', 'service_account_rotation'])
    .where('status', '=', 'applied')
    .where('service_account_ends_on', 'is not', null)
    .orderBy('service_account_ends_on')
    .execute();
}

/** Claims one end-date warning (7 or 1 days): true for exactly one sweep. */
export async function claimEndWarning(
  db: Db,
  request: AccessRequest,
  days: number,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('access_requests')
    .set({ end_warned_days: days, updated_at: at.toISOString() })
    .where('id', '=', request.id)
    .where((eb) =>
      request.end_warned_days === null
        ? eb('end_warned_days', 'is', null)
        : eb('end_warned_days', '=', request.end_warned_days),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The bot's rows about an account that is gone: applied → revoked, audited, in one transaction. */
export async function markAccountGone(
  db: Db,
  input: { serviceAccountId: string; actor: string; action: string; at: Date; details?: unknown },
): Promise<AccessRequest[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('access_requests')
      .set({ status: 'revoked', updated_at: input.at.toISOString() })
      .where('service_account_id', '=', input.serviceAccountId)
      .where('status', '=', 'applied')
      .returningAll()
      .execute();
    await recordAudit(trx, {
      at: input.at,
      actor: input.actor,
      action: input.action,
      subjectType: 'service_account',
      subjectId: input.serviceAccountId,
      before: { status: 'applied' },
      after: { status: 'revoked' },
      details: { requests: rows.map((r) => r.id), ...(input.details ?? {}) },
    });
    return rows;
  });
}

/** Claims telling the admins that an end-date removal failed: true once per request. */
export async function claimRemovalFailureTold(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('access_requests')
    .set({ removal_failure_told_at: at.toISOString() })
    .where('id', '=', id)
    .where('removal_failure_told_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
