import type { DailyCost } from '../domain/daily-costs.js';
import type { Db } from './database.js';

/** Rows per INSERT: SQLite allows 32 766 bound parameters; four per row leaves plenty of room. */
const BATCH = 500;

/**
 * Stores what OpenAI reported for the days `fromDay`…`toDay` (inclusive), in one transaction.
 * Every reported day is written over. Recent days (from `recentFromDay`) are replaced outright,
 * since OpenAI still changes them: a project that no longer shows a cost there loses its row.
 * Older days are only ever written over, never deleted, so history OpenAI has since dropped from
 * its own window survives. The costs must be a report of every project (no project filter).
 */
export async function storeDailyCosts(
  db: Db,
  input: {
    costs: readonly DailyCost[];
    fromDay: string;
    toDay: string;
    recentFromDay: string;
  },
  at: Date,
): Promise<void> {
  // Days compare as text; the later of the two.
  const replaceFrom = [input.recentFromDay, input.fromDay].sort().at(-1) ?? input.fromDay;
  await db.transaction().execute(async (trx) => {
    if (replaceFrom <= input.toDay) {
      await trx
        .deleteFrom('daily_costs')
        .where('day', '>=', replaceFrom)
        .where('day', '<=', input.toDay)
        .execute();
    }
    for (let i = 0; i < input.costs.length; i += BATCH) {
      await trx
        .insertInto('daily_costs')
        .values(
          input.costs.slice(i, i + BATCH).map((c) => ({
            project_id: c.projectId,
            day: c.day,
            amount_cents: c.cents,
            fetched_at: at.toISOString(),
          })),
        )
        .onConflict((oc) =>
          oc.columns(['project_id', 'day']).doUpdateSet((eb) => ({
            amount_cents: eb.ref('excluded.amount_cents'),
            fetched_at: eb.ref('excluded.fetched_at'),
          })),
        )
        .execute();
    }
  });
}

/** Stored costs of the days `fromDay`…`toDay` (inclusive), optionally of some projects only. */
export async function storedCosts(
  db: Db,
  range: { fromDay: string; toDay: string; projectIds?: readonly string[] | undefined },
): Promise<DailyCost[]> {
  let query = db
    .selectFrom('daily_costs')
    .select(['project_id', 'day', 'amount_cents'])
    .where('day', '>=', range.fromDay)
    .where('day', '<=', range.toDay);
  if (range.projectIds) {
    if (range.projectIds.length === 0) return [];
    query = query.where('project_id', 'in', [...range.projectIds]);
  }
  const rows = await query.orderBy('day').orderBy('project_id').execute();
  return rows.map((r) => ({ projectId: r.project_id, day: r.day, cents: r.amount_cents }));
}

/** The first and last stored days, and when the newest row was fetched; undefined when empty. */
export async function storedHistorySpan(
  db: Db,
): Promise<{ firstDay: string; lastDay: string; fetchedAt: string } | undefined> {
  const row = await db
    .selectFrom('daily_costs')
    .select((eb) => [
      eb.fn.min('day').as('first'),
      eb.fn.max('day').as('last'),
      eb.fn.max('fetched_at').as('fetched'),
    ])
    .executeTakeFirst();
  if (!row?.first || !row.last || !row.fetched) return undefined;
  return { firstDay: row.first, lastDay: row.last, fetchedAt: row.fetched };
}
