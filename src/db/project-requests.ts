import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import type { PlanStepStatus, ProjectRequest, ProjectRequestsTable } from './schema.js';

export type NewProjectRequestInput = Pick<
  ProjectRequestsTable,
  'kind' | 'requester_slack_id' | 'project_name' | 'project_id' | 'purpose' | 'tier' | 'budget_cents'
> & { owners: readonly string[]; models: readonly string[] | null };

export async function insertProjectRequest(
  db: Db,
  input: NewProjectRequestInput,
  at: Date,
): Promise<ProjectRequest> {
  return db.transaction().execute(async (trx) => {
    const row: ProjectRequest = {
      ...input,
      owners: JSON.stringify(input.owners),
      models: input.models ? JSON.stringify(input.models) : null,
      id: newId('prq'),
      status: 'pending',
      decided_by: null,
      decided_at: null,
      reason: null,
      runner_until: null,
      card_channel: null,
      card_ts: null,
      requester_channel: null,
      requester_ts: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    };
    await trx.insertInto('project_requests').values(row).execute();
    await recordAudit(trx, {
      at,
      actor: input.requester_slack_id,
      action: input.kind === 'new' ? 'project_request.submitted' : 'project_archive.requested',
      subjectType: 'project_request',
      subjectId: row.id,
      after: {
        status: 'pending',
        name: input.project_name,
        tier: input.tier,
        budget_cents: input.budget_cents,
      },
      details: { purpose: input.purpose, owners: input.owners, models: input.models },
    });
    return row;
  });
}

export async function findProjectRequest(db: Db, id: string): Promise<ProjectRequest | undefined> {
  return db.selectFrom('project_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names of projects asked for and not yet denied or failed, lowercased. */
export async function requestedProjectNames(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('project_requests')
    .select('project_name')
    .where('kind', '=', 'new')
    .where('status', 'in', ['pending', 'approved'])
    .execute();
  return rows.map((row) => row.project_name.toLowerCase());
}

/** The open archive request for a project, if any. */
export async function openArchiveRequest(db: Db, projectId: string): Promise<ProjectRequest | undefined> {
  return db
    .selectFrom('project_requests')
    .selectAll()
    .where('kind', '=', 'archive')
    .where('project_id', '=', projectId)
    .where('status', 'in', ['pending', 'approved'])
    .executeTakeFirst();
}

export async function projectRequestsOf(db: Db, slackId: string, limit = 10): Promise<ProjectRequest[]> {
  return db
    .selectFrom('project_requests')
    .selectAll()
    .where('requester_slack_id', '=', slackId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export interface ProjectDecision {
  id: string;
  outcome: 'approved' | 'denied';
  by: string;
  reason: string | null;
  at: Date;
  /** Values the admin changed before approving. */
  set?: { tier?: string; budget_cents?: number };
  /** The plan an approval runs, written with the decision so a crash cannot lose it. */
  steps?: readonly { step: string; status: PlanStepStatus }[];
}

/** pending → approved/denied, with the plan's steps, in one transaction; undefined when decided already. */
export async function decideProjectRequest(db: Db, d: ProjectDecision): Promise<ProjectRequest | undefined> {
  return db.transaction().execute(async (trx) => {
    const at = d.at.toISOString();
    const decided = await trx
      .updateTable('project_requests')
      .set({
        ...d.set,
        status: d.outcome,
        decided_by: d.by,
        decided_at: at,
        reason: d.reason,
        updated_at: at,
      })
      .where('id', '=', d.id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!decided) return undefined;
    const steps = d.outcome === 'approved' ? (d.steps ?? []) : [];
    if (steps.length > 0) {
      await trx
        .insertInto('project_plan_steps')
        .values(
          steps.map((s, position) => ({
            request_id: d.id,
            step: s.step,
            position,
            status: s.status,
            started_at: null,
            detail: null,
            error: null,
            updated_at: at,
          })),
        )
        .execute();
    }
    await recordAudit(trx, {
      at: d.at,
      actor: d.by,
      action: `${decided.kind === 'new' ? 'project_request' : 'project_archive'}.${d.outcome}`,
      subjectType: 'project_request',
      subjectId: d.id,
      before: { status: 'pending' },
      after: { status: d.outcome, ...d.set },
      details: { reason: d.reason },
    });
    return decided;
  });
}

/** Takes the plan for `until`, unless another runner holds it; true when this runner may go on. */
/** Approved plans nobody runs now: left by a crash, or waiting after a restart. */
/** Records one step's outcome, its audit event and what it sets on the request, together. */
/** A failed step goes back to pending for a retry; the request runs again. */
export async function setProjectRequestCopy(
  db: Db,
  id: string,
  audience: 'admins' | 'requester',
  copy: { channel: string; ts: string },
): Promise<void> {
  await db
    .updateTable('project_requests')
    .set(
      audience === 'admins'
        ? { card_channel: copy.channel, card_ts: copy.ts }
        : { requester_channel: copy.channel, requester_ts: copy.ts },
    )
    .where('id', '=', id)
    .execute();
}

/** Access requests for a project that are still open (undecided, or approved and not applied). */
export async function openRequestsForProject(db: Db, projectId: string) {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('status', 'in', ['pending', 'approved', 'awaiting_invite'])
    .execute();
}

/** Service accounts the bot made in a project and still counts as live. */
export async function appliedServiceAccountsOf(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('access_requests')
    .select('service_account_id')
    .distinct()
    .where('project_id', '=', projectId)
    .where('kind', 'in', ['service_account', 'service_account_rotation'])
    .where('status', '=', 'applied')
    .where('service_account_id', 'is not', null)
    .execute();
  return rows.map((row) => row.service_account_id as string);
}
