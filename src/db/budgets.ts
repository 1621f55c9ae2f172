import { z } from 'zod';
import type { Db } from './database.js';
import type { Budget, HardLimitReading } from './schema.js';

/** A soft budget as the services use it: thresholds parsed. */
export interface SoftBudget {
  projectId: string;
  amountCents: number;
  resetDay: number;
  thresholds: number[];
  updatedBy: string;
  updatedAt: string;
}

const Thresholds = z.array(z.number().int().positive());

function softBudgetOf(row: Budget): SoftBudget {
  return {
    projectId: row.project_id,
    amountCents: row.amount_cents,
    resetDay: row.reset_day,
    thresholds: Thresholds.parse(JSON.parse(row.thresholds)),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export async function findBudget(db: Db, projectId: string): Promise<SoftBudget | undefined> {
  const row = await db
    .selectFrom('budgets')
    .selectAll()
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row && softBudgetOf(row);
}

export async function allBudgets(db: Db): Promise<SoftBudget[]> {
  return (await db.selectFrom('budgets').selectAll().orderBy('project_id').execute()).map(softBudgetOf);
}

export async function saveBudget(
  db: Db,
  budget: { projectId: string; amountCents: number; resetDay: number; thresholds: readonly number[] },
  by: string,
  at: Date,
): Promise<void> {
  const values = {
    amount_cents: budget.amountCents,
    reset_day: budget.resetDay,
    thresholds: JSON.stringify(budget.thresholds),
    updated_by: by,
    updated_at: at.toISOString(),
  };
  await db
    .insertInto('budgets')
    .values({ project_id: budget.projectId, created_at: at.toISOString(), ...values })
    .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
    .execute();
}

export async function deleteBudget(db: Db, projectId: string): Promise<void> {
  await db.deleteFrom('budgets').where('project_id', '=', projectId).execute();
}

export async function findHardLimitReading(db: Db, projectId: string): Promise<HardLimitReading | undefined> {
  return db.selectFrom('hard_limits').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

export async function allHardLimitReadings(db: Db): Promise<HardLimitReading[]> {
  return db.selectFrom('hard_limits').selectAll().execute();
}

/** Records what OpenAI said about a project's hard limit just now; `null`: it has none. */
export async function recordHardLimitReading(
  db: Db,
  projectId: string,
  reading: { thresholdCents: number; status: string } | null,
  at: Date,
): Promise<void> {
  if (reading === null) {
    await db.deleteFrom('hard_limits').where('project_id', '=', projectId).execute();
    return;
  }
  const values = {
    threshold_cents: reading.thresholdCents,
    status: reading.status,
    checked_at: at.toISOString(),
  };
  await db
    .insertInto('hard_limits')
    .values({ project_id: projectId, ...values })
    .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
    .execute();
}
