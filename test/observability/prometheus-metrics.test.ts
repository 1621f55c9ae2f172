import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Db, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SweepRuns } from '../../src/jobs/sweep-runs.js';
import { PrometheusMetrics } from '../../src/observability/prometheus-metrics.js';
import { ManualClock } from '../support/manual-clock.js';
import { parsePrometheusText, sampleSum } from '../support/prometheus-text.js';

const NOW = '2026-12-02T08:00:00.000Z';
const logger = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() });

let db: Db;

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
});

afterEach(async () => {
  await db.destroy();
});

const samplesOf = async (metrics: PrometheusMetrics) => parsePrometheusText(await metrics.registry.metrics());

describe('PrometheusMetrics through SweepRuns', () => {
  it('should show each scheduled sweep’s interval, and tell ok, partial and skipped runs apart', async () => {
    const metrics = new PrometheusMetrics(logger());
    const runs = new SweepRuns({
      db,
      clock: new ManualClock(NOW),
      logger: logger(),
      replica: 'pod-1/1',
      secrets: [],
      metrics,
    });
    const report = (ran: boolean, failures: number) => ({
      ran,
      failures: Array.from({ length: failures }, () => ({ subject: 'x', error: 'y' })),
    });
    const results = [report(true, 0), report(true, 2), report(false, 0)];
    const sweep = runs.recorded('requests', {
      owner: 'o',
      run: async () => results.shift() ?? report(true, 0),
    });
    const job = runs.scheduled('requests', 300, sweep);
    runs.scheduled(
      'budgets',
      3600,
      runs.recorded('budgets', { owner: 'b', run: async () => report(true, 0) }),
    );
    await job.run();
    await job.run();
    await job.run();

    const samples = await samplesOf(metrics);
    expect(sampleSum(samples, 'access_bot_sweep_interval_seconds', { sweep: 'requests' })).toBe(300);
    expect(sampleSum(samples, 'access_bot_sweep_interval_seconds', { sweep: 'budgets' })).toBe(3600);
    const outcome = (o: string) =>
      sampleSum(samples, 'access_bot_sweep_runs_total', { sweep: 'requests', outcome: o });
    expect([outcome('ok'), outcome('partial'), outcome('skipped'), outcome('failed')]).toEqual([1, 1, 1, 0]);
    expect(sampleSum(samples, 'access_bot_sweep_item_failures_total', { sweep: 'requests' })).toBe(2);
    // A skipped run (another replica swept) took no time here and is no success of this replica.
    expect(sampleSum(samples, 'access_bot_sweep_duration_seconds_count', { sweep: 'requests' })).toBe(2);
    expect(sampleSum(samples, 'access_bot_sweep_last_success_timestamp_seconds', { sweep: 'requests' })).toBe(
      Date.parse(NOW) / 1000,
    );
  });
});

describe('PrometheusMetrics backlog gauges', () => {
  it('should read the backlog once per scrape for all four gauges', async () => {
    const metrics = new PrometheusMetrics(logger());
    const read = vi.fn(async () => ({
      pendingRequests: 3,
      waitingPreAssignments: 2,
      stalledInvites: 1,
      projectsOverBudget: 4,
    }));
    metrics.readBacklogFrom(read);
    const samples = await samplesOf(metrics);
    expect(read).toHaveBeenCalledTimes(1);
    expect(sampleSum(samples, 'access_bot_pending_requests')).toBe(3);
    expect(sampleSum(samples, 'access_bot_projects_over_budget')).toBe(4);
    await samplesOf(metrics);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('should still answer when the database does not: the gauges read NaN and a warning is logged', async () => {
    const log = logger();
    const metrics = new PrometheusMetrics(log);
    metrics.readBacklogFrom(() => Promise.reject(new Error('SQLITE_BUSY')));
    metrics.decision('approved');
    const samples = await samplesOf(metrics);
    expect(sampleSum(samples, 'access_bot_pending_requests')).toBeNaN();
    expect(sampleSum(samples, 'access_bot_request_decisions_total', { outcome: 'approved' })).toBe(1);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('SQLITE_BUSY'));
  });
});
