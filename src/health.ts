import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import type { Db, Engine } from './db/database.js';
import { leasesAndSweepRuns } from './db/job-runs.js';
import type { AttemptHere } from './jobs/sweep-runs.js';

/** One sweep lease row: which replica sweeps now, and until when (ISO-8601 UTC). */
export interface LeaseState {
  name: string;
  owner: string;
  expires_at: string;
  /** Past its expiry: the holder died mid-sweep; the next replica to try takes it over. */
  expired: boolean;
  /** Held by a sweep of the replica that answered. */
  held_here: boolean;
}

/**
 * A sweep's last run on any replica (null fields: it never ran), and this replica's last
 * attempt (null: none since this process started). Times are ISO-8601 UTC.
 */
export interface SweepState {
  name: string;
  last_started_at: string | null;
  last_finished_at: string | null;
  duration_ms: number | null;
  /** ok; partial (ran, some items failed); failed (threw: see `first_error`). */
  outcome: 'ok' | 'partial' | 'failed' | null;
  /** The report's counts, e.g. invitesListed, accepted, nudged; null when the run threw. */
  counts: Record<string, number | boolean> | null;
  failures: number | null;
  first_error: string | null;
  /** Host name and process id of the replica that ran it. */
  replica: string | null;
  /** This replica's last attempt; `skipped-lease-held-elsewhere` when another replica was sweeping. */
  here: AttemptHere | null;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: { ok: boolean; engine: Engine; error?: string };
  /** Leases held right now; empty while no replica sweeps (a lease lives as long as one sweep). */
  leases?: LeaseState[];
  /** Every sweep of the bot, in the order given, with its last run. */
  sweeps?: SweepState[];
}

export interface HealthContext {
  engine: Engine;
  clock: Clock;
  /** This process's sweeps (`SweepRuns`). */
  sweeps: {
    /** Every sweep's name, so one that never ran is listed too. */
    names(): readonly string[];
    /** The lease owner ids of this process's sweeps. */
    leaseOwners(): readonly string[];
    attemptsHere(): ReadonlyMap<string, AttemptHere>;
  };
}

export async function checkHealth(db: Db, context: HealthContext): Promise<HealthReport> {
  const { engine, clock } = context;
  try {
    // One query: answering it is the database check.
    const { leases, runs } = await leasesAndSweepRuns(db);
    const now = clock.now().toISOString();
    const own = new Set(context.sweeps.leaseOwners());
    const here = context.sweeps.attemptsHere();
    const runOf = new Map(runs.map((run) => [run.name, run]));
    return {
      status: 'ok',
      database: { ok: true, engine },
      leases: leases.map((row) => ({
        ...row,
        expired: row.expires_at <= now,
        held_here: own.has(row.owner),
      })),
      sweeps: context.sweeps.names().map((name) => {
        const run = runOf.get(name);
        return {
          name,
          last_started_at: run?.startedAt ?? null,
          last_finished_at: run?.finishedAt ?? null,
          duration_ms: run?.durationMs ?? null,
          outcome: run?.outcome ?? null,
          counts: run?.counts ?? null,
          failures: run?.failures ?? null,
          first_error: run?.firstError ?? null,
          replica: run?.replica ?? null,
          here: here.get(name) ?? null,
        };
      }),
    };
  } catch (error) {
    return {
      status: 'unavailable',
      database: { ok: false, engine, error: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** `GET /healthz`: 200 while the database answers, 503 when it does not (a load balancer takes the replica out). */
export function healthRoute(db: Db, context: HealthContext) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      const report = await checkHealth(db, context);
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
    },
  };
}
