import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { recordSweepRun, type SweepRunRecord } from '../db/job-runs.js';
import type { Logger } from '../logger.js';
import type { Metrics, SweepAttempt } from '../metrics.js';
import { redact } from '../redact.js';
import type { ScheduledJob } from './scheduler.js';

/** An email address, as it can appear in an error about an invitee or an owner. */
const EMAIL = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[A-Za-z]{2,}/g;

/** What every sweep's report has: whether it held the lease, and the items that failed. */
export interface SweepReport {
  ran: boolean;
  failures: readonly { subject: string; error: string }[];
}

/** A sweep as the bot holds it: its lease owner id and a run that returns its report. */
export interface Sweep<R extends SweepReport> {
  readonly owner: string;
  run(): Promise<R>;
}

/** What this replica's last attempt of a sweep came to, including a skip (another replica held the lease). */
export interface AttemptHere {
  at: string;
  outcome: SweepRunRecord['outcome'] | 'skipped-lease-held-elsewhere';
}

/** Long enough for an Admin API error with its operation; short enough for a health check. */
const ERROR_CHARS = 300;

/** Who runs sweeps here, as operators know the machine: its host name (a pod's name) and process id. */
export function replicaId(): string {
  return `${hostname()}/${process.pid}`;
}

/** `report`'s numbers and flags: everything but `ran` and the list of failures. */
export function countsOf(report: SweepReport): Record<string, number | boolean> {
  const counts: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(report)) {
    if (key !== 'ran' && (typeof value === 'number' || typeof value === 'boolean')) counts[key] = value;
  }
  return counts;
}

/**
 * Runs sweeps so operators can see them: each run that held its lease is recorded in the
 * database (so `/healthz` on any replica tells when it last ran anywhere, and what it did), this
 * replica's last attempt is kept in memory (a skip included), and each run writes one log line:
 * debug when it ran or skipped, error when it threw. Reports pass through unchanged.
 */
export class SweepRuns {
  readonly #here = new Map<string, AttemptHere>();
  readonly #sweeps = new Map<string, Sweep<SweepReport>>();

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      replica: string;
      /** Scrubbed from the error text stored for `/healthz` (the logger scrubs its own lines). */
      secrets: readonly string[];
      /** Each attempt's duration and outcome, and each sweep's interval, for /metrics. */
      metrics?: Metrics;
    },
  ) {}

  /** `sweep`, recorded: the same owner and report, with every run recorded and logged. */
  recorded<R extends SweepReport>(name: string, sweep: Sweep<R>): Sweep<R> {
    this.#sweeps.set(name, sweep);
    return { owner: sweep.owner, run: () => this.track(name, () => sweep.run()) };
  }

  /**
   * For the scheduler: a run that throws was already logged and recorded by `recorded`, so the
   * scheduler need not log it again; the next interval retries as before.
   */
  scheduled(name: string, everySeconds: number, sweep: Sweep<SweepReport>): ScheduledJob {
    this.deps.metrics?.sweepScheduled(name, everySeconds);
    return { name, everySeconds, run: () => sweep.run().catch(() => undefined) };
  }

  /** The recorded sweeps' names, in the order they were recorded. */
  names(): string[] {
    return [...this.#sweeps.keys()];
  }

  /** The lease owner ids of the recorded sweeps. */
  leaseOwners(): string[] {
    return [...this.#sweeps.values()].map((sweep) => sweep.owner);
  }

  /** This replica's last attempt of each sweep, by name. */
  attemptsHere(): ReadonlyMap<string, AttemptHere> {
    return this.#here;
  }

  async track<R extends SweepReport>(name: string, run: () => Promise<R>): Promise<R> {
    const { clock, logger, replica } = this.deps;
    const startedAt = clock.now().toISOString();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const count = (outcome: SweepAttempt['outcome'], itemFailures = 0) =>
      this.deps.metrics?.sweepAttempt(name, {
        outcome,
        itemFailures,
        seconds: (performance.now() - started) / 1000,
        finishedAt: clock.now(),
      });
    let report: R;
    try {
      report = await run();
    } catch (error) {
      const durationMs = elapsed();
      count('failed');
      const message = this.#scrub(String(error));
      logger.error(`Sweep ${name} failed after ${durationMs} ms on ${replica}: ${message}`);
      await this.#record(
        { startedAt, durationMs },
        { name, outcome: 'failed', counts: null, failures: null, firstError: message },
      );
      throw error;
    }
    const durationMs = elapsed();
    count(report.ran ? (report.failures.length > 0 ? 'partial' : 'ok') : 'skipped', report.failures.length);
    if (!report.ran) {
      this.#here.set(name, { at: startedAt, outcome: 'skipped-lease-held-elsewhere' });
      logger.debug(`Sweep ${name} skipped: another replica holds its lease`);
      return report;
    }
    const counts = countsOf(report);
    const first = report.failures[0];
    const outcome = first ? 'partial' : 'ok';
    logger.debug(
      `Sweep ${name} ${outcome} in ${durationMs} ms on ${replica}: ${JSON.stringify({ ...counts, failures: report.failures.length })}`,
    );
    await this.#record(
      { startedAt, durationMs },
      {
        name,
        outcome,
        counts,
        failures: report.failures.length,
        firstError: first ? this.#scrub(`${first.subject}: ${first.error}`) : null,
      },
    );
    return report;
  }

  async #record(
    times: { startedAt: string; durationMs: number },
    run: Omit<SweepRunRecord, 'startedAt' | 'finishedAt' | 'durationMs' | 'replica'>,
  ): Promise<void> {
    const { db, clock, logger, replica } = this.deps;
    this.#here.set(run.name, { at: times.startedAt, outcome: run.outcome });
    try {
      await recordSweepRun(db, { ...run, ...times, finishedAt: clock.now().toISOString(), replica });
    } catch (error) {
      // The sweep's own outcome stands; only what `/healthz` shows of it is lost.
      logger.warn(`Could not record the ${run.name} sweep's run for /healthz: ${String(error)}`);
    }
  }

  /**
   * /healthz answers anyone who can reach the port, so what it shows of an error carries no
   * secret and no person: email addresses (invitees, owners) become `[email]`.
   */
  #scrub(text: string): string {
    const clean = redact(text, this.deps.secrets).replace(EMAIL, '[email]');
    return clean.length > ERROR_CHARS ? `${clean.slice(0, ERROR_CHARS - 1)}…` : clean;
  }
}
