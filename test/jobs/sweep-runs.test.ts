import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { type Db, openDatabase } from '../../src/db/database.js';
import { leasesAndSweepRuns } from '../../src/db/job-runs.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { countsOf, SweepRuns } from '../../src/jobs/sweep-runs.js';
import { ManualClock } from '../support/manual-clock.js';

const NOW = '2026-12-02T08:00:00.000Z';

let db: Db;
type Log = Mock<(...messages: unknown[]) => void>;
let logger: { debug: Log; info: Log; warn: Log; error: Log };

function sweepRuns(): SweepRuns {
  return new SweepRuns({
    db,
    clock: new ManualClock(NOW),
    logger,
    replica: 'pod-1/42',
    secrets: ['hunter2-secret'],
  });
}

const failing = (message: string) => ({
  owner: 'sweeper-1',
  run: () => Promise.reject(new Error(message)),
});

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
});

afterEach(async () => {
  await db.destroy();
});

describe('countsOf', () => {
  it('should keep the numbers and flags of a report, not ran nor the failures', () => {
    const report = { ran: true, reminded: 2, ownerCheck: false, failures: [{ subject: 'a', error: 'b' }] };
    expect(countsOf(report)).toEqual({ reminded: 2, ownerCheck: false });
  });
});

describe('SweepRuns.scheduled', () => {
  it('should log a sweep that threw once, at error, record it as failed and not reject', async () => {
    const runs = sweepRuns();
    const job = runs.scheduled('invites', 300, runs.recorded('invites', failing('OpenAI down')));

    await expect(job.run()).resolves.toBeUndefined();

    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/^Sweep invites failed after \d+ ms on pod-1\/42: Error: OpenAI down$/),
    );
    expect((await leasesAndSweepRuns(db)).runs).toEqual([
      {
        name: 'invites',
        startedAt: NOW,
        finishedAt: NOW,
        durationMs: expect.any(Number),
        outcome: 'failed',
        counts: null,
        failures: null,
        firstError: 'Error: OpenAI down',
        replica: 'pod-1/42',
      },
    ]);
  });
});

describe('SweepRuns.recorded', () => {
  it('should scrub secrets and key-shaped text from the error it stores, and shorten it', async () => {
    const runs = sweepRuns();
    const sweep = runs.recorded(
      'budgets',
      failing(`key sk-admin-AbC123xyz and hunter2-secret ${'x'.repeat(400)}`),
    );

    // The caller gets the error as thrown; only what /healthz stores is scrubbed.
    await expect(sweep.run()).rejects.toThrow('key sk-admin-AbC123xyz');

    const [run] = (await leasesAndSweepRuns(db)).runs;
    expect(run?.firstError).toMatch(/^Error: key \[redacted\] and \[redacted\] x+…$/);
    expect(run?.firstError).toHaveLength(300);
  });

  it('should show no email address in what /healthz tells about a failure', async () => {
    const sweep = sweepRuns().recorded('invites', {
      owner: 'o',
      run: async () => ({
        ran: true,
        failures: [{ subject: 'dana.doe@uni.example', error: 'look up the org user dana.doe@uni.example' }],
      }),
    });
    await sweep.run();

    const [run] = (await leasesAndSweepRuns(db)).runs;
    expect(run?.firstError).toBe('[email]: look up the org user [email]');
  });

  it('should hand back the report unchanged', async () => {
    const report = { ran: true, reminded: 1, failures: [] };
    const sweep = sweepRuns().recorded('requests', { owner: 'o', run: async () => report });

    expect(await sweep.run()).toBe(report);
  });
});
