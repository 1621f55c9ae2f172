import { recordProjectChange } from '../db/audit-events.js';
import { findHardLimitReading } from '../db/budgets.js';
import type { BudgetChange } from '../domain/budget-form.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import type { CoreDeps } from './core-deps.js';
import { noteHardLimit } from './hard-limit-readings.js';

/** What the hard-limit part of a confirmed change did in OpenAI. */
export type HardResult =
  | { kind: 'kept' }
  | { kind: 'set'; thresholdCents: number; enforcing: boolean }
  | { kind: 'removed' }
  /** OpenAI refused or did not answer: the limit is as it was. `problem` is plain text. */
  | { kind: 'failed'; problem: string };

/**
 * Sets or removes a project's hard limit through the Admin API, then keeps what OpenAI answered
 * and its audit record in one transaction. A failure is reported, never thrown.
 */
export async function applyHardLimit(
  deps: Pick<CoreDeps, 'db' | 'admin' | 'clock' | 'logger'>,
  slackId: string,
  change: BudgetChange,
): Promise<HardResult> {
  const { db, admin, clock, logger } = deps;
  const { projectId } = change;
  const before = await findHardLimitReading(db, projectId);
  const record = (action: string, after: unknown) => ({
    at: clock.now(),
    actor: slackId,
    action,
    projectId,
    before,
    after,
  });
  try {
    if (change.hard.action === 'set') {
      const limit = await admin.setHardLimit(projectId, change.hard.cents);
      await db.transaction().execute(async (trx) => {
        await noteHardLimit(trx, projectId, limit, clock.now());
        await recordProjectChange(
          trx,
          record('hard_limit.set', { threshold_cents: limit.thresholdCents, status: limit.status }),
        );
      });
      return { kind: 'set', thresholdCents: limit.thresholdCents, enforcing: limit.enforcing };
    }
    if (change.hard.action === 'remove') {
      await admin.removeHardLimit(projectId);
      await db.transaction().execute(async (trx) => {
        await noteHardLimit(trx, projectId, null, clock.now());
        await recordProjectChange(trx, record('hard_limit.removed', null));
      });
      return { kind: 'removed' };
    }
    return { kind: 'kept' };
  } catch (error) {
    logger.warn(`Changing the hard limit of ${projectId} failed: ${describeAdminFailure(error)}`);
    return { kind: 'failed', problem: describeAdminFailure(error) };
  }
}
