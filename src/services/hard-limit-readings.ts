import { raiseAlerts } from '../db/budget-alerts.js';
import { recordHardLimitReading } from '../db/budgets.js';
import type { Db } from '../db/database.js';
import { calendarMonthAt, utcDay } from '../domain/budget-period.js';
import type { HardLimit } from '../openai/admin-types.js';

/**
 * Keeps what OpenAI just said about a project's hard limit (`null`: it has none). A limit seen
 * enforcing raises its alert at once: once per limit and calendar month, delivered by the sweep.
 * Returns how many alerts are new (0 or 1).
 */
export async function noteHardLimit(
  db: Db,
  projectId: string,
  limit: HardLimit | null,
  now: Date,
): Promise<number> {
  await recordHardLimitReading(
    db,
    projectId,
    limit && { thresholdCents: limit.thresholdCents, status: limit.status },
    now,
  );
  if (!limit?.enforcing) return 0;
  return raiseAlerts(
    db,
    [
      {
        projectId,
        periodStart: utcDay(calendarMonthAt(now).start),
        kind: 'hard_limit',
        threshold: limit.thresholdCents,
      },
    ],
    now,
  );
}
