import type { Clock } from '../clock.js';
import { storeDailyCosts, storedCosts, storedHistorySpan } from '../db/daily-costs.js';
import type { Db } from '../db/database.js';
import { knownProjects } from '../db/known-projects.js';
import { DAY_MS, utcDay } from '../domain/budget-period.js';
import { costsCsv, type ExportRange } from '../domain/cost-export.js';
import { sumCents } from '../domain/money.js';
import type { AdminApi } from '../openai/admin-client.js';

/** Days whose cost OpenAI may still change: today's and yesterday's buckets are re-read and replaced. */
export const UNSETTLED_DAYS = 2;

/**
 * Reads OpenAI's costs report from `from` (to `to`, default now) in one paged query for every
 * project, and stores each project's cost per day, so reports can reach back further than OpenAI
 * keeps costs. Writes nothing when a page fails: a half-read report never replaces good days.
 */
export async function refreshCostHistory(
  deps: { db: Db; admin: AdminApi; clock: Clock },
  range: { from: Date; to?: Date | undefined },
): Promise<{ pages: number; rows: number }> {
  const now = deps.clock.now();
  const { costs, pages } = await deps.admin.dailyCosts({
    from: range.from,
    ...(range.to ? { to: range.to } : {}),
  });
  const last = range.to ? new Date(Math.min(range.to.getTime() - 1, now.getTime())) : now;
  await storeDailyCosts(
    deps.db,
    {
      costs,
      fromDay: utcDay(range.from),
      toDay: utcDay(last),
      recentFromDay: utcDay(new Date(now.getTime() - (UNSETTLED_DAYS - 1) * DAY_MS)),
    },
    now,
  );
  return { pages, rows: costs.length };
}

export interface CostsExport {
  csv: string;
  rows: number;
  projects: number;
  totalCents: number;
  /** The stored history's first day and last fetch, to say how far back and how fresh it is. */
  history: { firstDay: string; lastDay: string; fetchedAt: string } | undefined;
}

/** The stored daily costs of a range (all projects, or some) as CSV, with project names where known. */
export async function exportStoredCosts(
  db: Db,
  range: ExportRange,
  projectIds?: readonly string[],
): Promise<CostsExport> {
  const [costs, names, history] = await Promise.all([
    storedCosts(db, { ...range, projectIds }),
    knownProjects(db),
    storedHistorySpan(db),
  ]);
  const nameOf = new Map(names.map((p) => [p.project_id, p.name]));
  const rows = costs
    .map((c) => ({ ...c, projectName: nameOf.get(c.projectId) ?? '' }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.projectName.localeCompare(b.projectName));
  return {
    csv: costsCsv(rows),
    rows: rows.length,
    projects: new Set(rows.map((r) => r.projectId)).size,
    totalCents: sumCents(rows.map((r) => r.cents)),
    history,
  };
}
