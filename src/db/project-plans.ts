import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import type {
  ProjectPlanStepRow,
  ProjectRequest,
  ProjectRequestStatus,
  ProjectRequestsTable,
} from './schema.js';

/** The recorded plan of an approved project request: its steps, and the lease of whoever runs it. */
export async function planStepsOf(db: Db, requestId: string): Promise<ProjectPlanStepRow[]> {
  return db
    .selectFrom('project_plan_steps')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('position')
    .execute();
}

export async function claimPlan(db: Db, id: string, now: Date, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('project_requests')
    .set({ runner_until: until.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('runner_until', 'is', null), eb('runner_until', '<', now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releasePlan(db: Db, id: string): Promise<void> {
  await db.updateTable('project_requests').set({ runner_until: null }).where('id', '=', id).execute();
}

export async function plansToResume(db: Db, now: Date): Promise<ProjectRequest[]> {
  return db
    .selectFrom('project_requests')
    .selectAll()
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('runner_until', 'is', null), eb('runner_until', '<', now.toISOString())]))
    .orderBy('decided_at')
    .execute();
}

export async function markStepStarted(db: Db, requestId: string, step: string, at: Date): Promise<void> {
  await db
    .updateTable('project_plan_steps')
    .set({ started_at: at.toISOString(), updated_at: at.toISOString() })
    .where('request_id', '=', requestId)
    .where('step', '=', step)
    .execute();
}

export interface StepOutcome {
  requestId: string;
  step: string;
  status: 'done' | 'skipped' | 'failed';
  detail?: unknown;
  error?: string | null;
  actor: string;
  at: Date;
  /** Columns of the request that change with this step (the new project's id). */
  set?: Partial<Pick<ProjectRequestsTable, 'project_id'>>;
}

export async function recordStep(db: Db, o: StepOutcome): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const at = o.at.toISOString();
    await trx
      .updateTable('project_plan_steps')
      .set({
        status: o.status,
        detail: o.detail === undefined ? null : JSON.stringify(o.detail),
        error: o.error ?? null,
        updated_at: at,
      })
      .where('request_id', '=', o.requestId)
      .where('step', '=', o.step)
      .execute();
    if (o.set)
      await trx
        .updateTable('project_requests')
        .set({ ...o.set, updated_at: at })
        .where('id', '=', o.requestId)
        .execute();
    await recordAudit(trx, {
      at: o.at,
      actor: o.actor,
      action: `project_plan.${o.step}.${o.status}`,
      subjectType: 'project_request',
      subjectId: o.requestId,
      after: o.detail ?? null,
      details: o.error ? { error: o.error } : undefined,
    });
  });
}

export async function reopenFailedSteps(db: Db, requestId: string, at: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const reopened = await trx
      .updateTable('project_plan_steps')
      .set({ status: 'pending', error: null, updated_at: at.toISOString() })
      .where('request_id', '=', requestId)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    await trx
      .updateTable('project_requests')
      .set({ status: 'approved', updated_at: at.toISOString() })
      .where('id', '=', requestId)
      .where('status', '=', 'failed')
      .execute();
    return Number(reopened.numUpdatedRows);
  });
}

export async function finishProjectRequest(
  db: Db,
  id: string,
  status: Extract<ProjectRequestStatus, 'done' | 'failed'>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('project_requests')
    .set({ status, runner_until: null, updated_at: at.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .execute();
}
