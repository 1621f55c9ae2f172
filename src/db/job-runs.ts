import { sql } from 'kysely';
import type { Db } from './database.js';
import type { SweepOutcome } from './schema.js';

/** When a periodic job last ran, kept in the database so a restart does not reset its schedule. */
export async function lastRunOf(db: Db, name: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('job_runs')
    .select('last_run_at')
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? new Date(row.last_run_at) : undefined;
}

export async function recordRun(db: Db, name: string, at: Date): Promise<void> {
  await db
    .insertInto('job_runs')
    .values({ name, last_run_at: at.toISOString() })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_run_at: at.toISOString() }))
    .execute();
}

/** What one sweep run did, as `/healthz` shows it. Times are ISO-8601 UTC. */
export interface SweepRunRecord {
  name: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: SweepOutcome;
  counts: Record<string, number | boolean> | null;
  failures: number | null;
  firstError: string | null;
  replica: string;
}

/** Replaces the sweep's last run (one row per sweep, whichever replica ran it). */
export async function recordSweepRun(db: Db, run: SweepRunRecord): Promise<void> {
  const values = {
    last_run_at: run.startedAt,
    finished_at: run.finishedAt,
    duration_ms: run.durationMs,
    outcome: run.outcome,
    counts: run.counts ? JSON.stringify(run.counts) : null,
    failures: run.failures,
    first_error: run.firstError,
    replica: run.replica,
  };
  await db
    .insertInto('job_runs')
    .values({ name: run.name, ...values })
    .onConflict((oc) => oc.column('name').doUpdateSet(values))
    .execute();
}

export interface LeaseRow {
  name: string;
  owner: string;
  expires_at: string;
}

/**
 * Every lease held now and every sweep's last run, in one query (`/healthz` is polled often,
 * by every load balancer, and must stay cheap): a union of the two tables, told apart by `kind`.
 */
export async function leasesAndSweepRuns(db: Db): Promise<{ leases: LeaseRow[]; runs: SweepRunRecord[] }> {
  const { rows } = await sql<{
    kind: 'lease' | 'run';
    name: string;
    who: string;
    at: string;
    finished_at: string | null;
    duration_ms: number | string | null;
    outcome: SweepOutcome | null;
    counts: string | null;
    failures: number | string | null;
    first_error: string | null;
  }>`select 'lease' as kind, name, owner as who, expires_at as at, null as finished_at,
      null as duration_ms, null as outcome, null as counts, null as failures, null as first_error
    from sweep_leases
    union all
    select 'run' as kind, name, replica as who, last_run_at as at, finished_at,
      duration_ms, outcome, counts, failures, first_error
    from job_runs where outcome is not null
    order by name`.execute(db);
  const number = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    leases: rows
      .filter((row) => row.kind === 'lease')
      .map((row) => ({ name: row.name, owner: row.who, expires_at: row.at })),
    runs: rows
      .filter((row) => row.kind === 'run')
      .map((row) => ({
        name: row.name,
        startedAt: row.at,
        finishedAt: row.finished_at ?? row.at,
        durationMs: number(row.duration_ms) ?? 0,
        outcome: row.outcome ?? 'failed',
        counts: row.counts ? (JSON.parse(row.counts) as Record<string, number | boolean>) : null,
        failures: number(row.failures),
        firstError: row.first_error,
        replica: row.who,
      })),
  };
}
