import { z } from 'zod';
import type { BudgetAlertKey } from '../domain/budget-alerts.js';
import type { Db } from './database.js';
import type { BudgetAlert, BudgetAlertStatus } from './schema.js';

const Recipients = z.array(z.string());

export function recipientsReached(alert: BudgetAlert): string[] {
  return Recipients.parse(JSON.parse(alert.delivered_to));
}

export function keyOf(alert: BudgetAlert): BudgetAlertKey {
  return {
    projectId: alert.project_id,
    periodStart: alert.period_start,
    kind: alert.kind,
    threshold: alert.threshold,
  };
}

/**
 * Records alerts the numbers call for. An alert already on record (sent, pending or abandoned)
 * is left alone: this insert is the dedupe, and it survives restarts. Returns how many are new.
 */
export async function raiseAlerts(db: Db, keys: readonly BudgetAlertKey[], at: Date): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db
    .insertInto('budget_alerts')
    .values(
      keys.map((k) => ({
        project_id: k.projectId,
        period_start: k.periodStart,
        kind: k.kind,
        threshold: k.threshold,
        status: 'pending' as const,
        delivered_to: '[]',
        attempts: 0,
        last_error: null,
        created_at: at.toISOString(),
        sent_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['project_id', 'period_start', 'kind', 'threshold']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function pendingAlerts(db: Db): Promise<BudgetAlert[]> {
  return db
    .selectFrom('budget_alerts')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('project_id')
    .orderBy('created_at')
    .execute();
}

export async function alertsOfPeriod(db: Db, projectId: string, periodStart: string): Promise<BudgetAlert[]> {
  return db
    .selectFrom('budget_alerts')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('period_start', '=', periodStart)
    .orderBy('kind')
    .orderBy('threshold')
    .execute();
}

/** Saves the outcome of one delivery attempt of an alert. */
export async function saveAlertProgress(
  db: Db,
  key: BudgetAlertKey,
  progress: {
    status: BudgetAlertStatus;
    deliveredTo: readonly string[];
    attempts: number;
    lastError: string | null;
    sentAt: Date | null;
  },
): Promise<void> {
  await db
    .updateTable('budget_alerts')
    .set({
      status: progress.status,
      delivered_to: JSON.stringify(progress.deliveredTo),
      attempts: progress.attempts,
      last_error: progress.lastError,
      sent_at: progress.sentAt?.toISOString() ?? null,
    })
    .where('project_id', '=', key.projectId)
    .where('period_start', '=', key.periodStart)
    .where('kind', '=', key.kind)
    .where('threshold', '=', key.threshold)
    .execute();
}

/**
 * Re-arms a project's budget alerts after its budget changed: alerts of the period that the new
 * numbers no longer call for are forgotten (sent or not), so they can fire again when reached
 * under the new budget; alerts still called for stay, and are not repeated.
 */
export async function forgetAlertsNotCalledFor(
  db: Db,
  projectId: string,
  periodStart: string,
  calledFor: readonly BudgetAlertKey[],
): Promise<void> {
  const keep = new Set(calledFor.map((k) => `${k.kind}:${k.threshold}`));
  const rows = await alertsOfPeriod(db, projectId, periodStart);
  for (const row of rows) {
    if (row.kind === 'hard_limit' || keep.has(`${row.kind}:${row.threshold}`)) continue;
    await db
      .deleteFrom('budget_alerts')
      .where('project_id', '=', projectId)
      .where('period_start', '=', periodStart)
      .where('kind', '=', row.kind)
      .where('threshold', '=', row.threshold)
      .execute();
  }
}

/** A removed budget has nothing left to say: its unsent alerts are dropped (sent ones stay on record). */
export async function dropPendingBudgetAlerts(db: Db, projectId: string): Promise<void> {
  await db
    .deleteFrom('budget_alerts')
    .where('project_id', '=', projectId)
    .where('status', '=', 'pending')
    .where('kind', 'in', ['threshold', 'forecast'])
    .execute();
}
