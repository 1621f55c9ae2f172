import { type AddressInfo, createServer } from 'node:net';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { engineOf } from '../../src/db/database.js';
import { acquireLease } from '../../src/db/leases.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const MINUTE = 60_000;

/** A sweep as `/healthz` shows it before it ever ran. */
function neverRan(name: string) {
  return {
    name,
    last_started_at: null,
    last_finished_at: null,
    duration_ms: null,
    outcome: null,
    counts: null,
    failures: null,
    first_error: null,
    replica: null,
    here: null,
  };
}

describe('GET /healthz', () => {
  it('should report the engine and every sweep lease with its holder, expiry and whether it is held here', async () => {
    const now = h.clock.now();
    const until = new Date(now.getTime() + MINUTE);
    await acquireLease(h.bot.db, 'invites', 'sweeper-other-replica', now, until);
    await acquireLease(h.bot.db, 'requests', h.bot.jobs.requests.owner, now, until);

    const answer = await fetch(`${h.url}/healthz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      status: 'ok',
      database: { ok: true, engine: engineOf(h.config.DATABASE_URL) },
      leases: [
        {
          name: 'invites',
          owner: 'sweeper-other-replica',
          expires_at: until.toISOString(),
          expired: false,
          held_here: false,
        },
        {
          name: 'requests',
          owner: h.bot.jobs.requests.owner,
          expires_at: until.toISOString(),
          expired: false,
          held_here: true,
        },
      ],
      sweeps: [
        'invites',
        'requests',
        'budgets',
        'projects',
        'service-accounts',
        'slack-accounts',
        'keys',
        'onboardings',
      ].map(neverRan),
    });
  });

  it('should show a lease whose holder died as expired, and still answer 200', async () => {
    const now = h.clock.now();
    await acquireLease(h.bot.db, 'invites', 'sweeper-crashed', now, new Date(now.getTime() + MINUTE));
    h.clock.advance(2 * MINUTE);
    const answer = await fetch(`${h.url}/healthz`);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { leases: unknown[] }).leases).toEqual([
      expect.objectContaining({ name: 'invites', owner: 'sweeper-crashed', expired: true }),
    ]);
  });
});

interface SweepState {
  name: string;
  last_started_at: string | null;
  outcome: string | null;
  duration_ms: number | null;
  [field: string]: unknown;
}

async function sweepsOf(url: string): Promise<Record<string, SweepState>> {
  const answer = await fetch(`${url}/healthz`);
  expect(answer.status).toBe(200);
  const { sweeps } = (await answer.json()) as { sweeps: SweepState[] };
  return Object.fromEntries(sweeps.map((sweep) => [sweep.name, sweep]));
}

const INVITES = /^\/organization\/invites$/;
const COSTS = '/organization/costs';
const REPLICA = `${hostname()}/${process.pid}`;

describe('GET /healthz, sweeps', () => {
  it('should show when each sweep last ran, how long it took, its counts and which replica ran it', async () => {
    const first = h.clock.now().toISOString();
    await h.bot.jobs.invites.run();
    h.clock.advance(MINUTE);
    await h.bot.jobs.requests.run();

    const sweeps = await sweepsOf(h.url);
    expect(sweeps.invites).toEqual({
      name: 'invites',
      last_started_at: first,
      last_finished_at: first,
      duration_ms: expect.any(Number),
      outcome: 'ok',
      counts: {
        invitesListed: 0,
        accepted: 0,
        applied: 0,
        joined: 0,
        nudged: 0,
        digested: 0,
        reminded: 0,
        closed: 0,
        resumed: 0,
      },
      failures: 0,
      first_error: null,
      replica: REPLICA,
      here: { at: first, outcome: 'ok' },
    });
    expect(sweeps.invites?.duration_ms).toBeGreaterThanOrEqual(0);
    const second = h.clock.now().toISOString();
    expect(sweeps.requests).toMatchObject({
      last_started_at: second,
      outcome: 'ok',
      counts: { reminded: 0, escalated: 0, expired: 0, warned: 0, removals: 0, ownerCheck: true },
      failures: 0,
      here: { at: second, outcome: 'ok' },
    });
    expect(sweeps.budgets).toEqual(neverRan('budgets'));
  });

  it('should write one debug line per sweep with its name, duration and counts', async () => {
    await h.bot.jobs.invites.run();

    const lines = h.logs
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .filter((line) => line.msg.startsWith('Sweep invites'));
    expect(lines).toEqual([
      {
        time: expect.any(String),
        level: 'debug',
        name: 'access-bot',
        msg: expect.stringMatching(
          /^Sweep invites ok in \d+ ms on .+: \{"invitesListed":0,"accepted":0,"applied":0,"joined":0,"nudged":0,"digested":0,"reminded":0,"closed":0,"resumed":0,"failures":0\}$/,
        ),
      },
    ]);
  });

  it('should show a sweep that threw as failed with its error, and log it at error', async () => {
    // Every attempt of the list (the harness retries twice) answers 500.
    h.openai.failNext({ method: 'GET', path: INVITES }, { status: 500, times: 3 });

    await expect(h.bot.jobs.invites.run()).rejects.toThrow();

    const sweeps = await sweepsOf(h.url);
    expect(sweeps.invites).toMatchObject({
      last_started_at: h.clock.now().toISOString(),
      outcome: 'failed',
      counts: null,
      failures: null,
      first_error:
        'AdminApiError: Could not list invites (HTTP 500). OpenAI said: "The server had an error while processing your request. Sorry about that!" OpenAI is having trouble; the bot will try again later.',
      here: { outcome: 'failed' },
    });
    const errors = h.logs
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .filter((line) => line.level === 'error' && line.msg.startsWith('Sweep invites failed after'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toContain(sweeps.invites?.first_error as string);
  });

  it('should show a sweep whose items failed as partial, with the count and the first failure', async () => {
    h.openai.failNext({ path: COSTS }, { status: 500, times: 3 });

    const report = await h.bot.jobs.budgets.run();

    expect(report.failures).toHaveLength(1);
    expect((await sweepsOf(h.url)).budgets).toMatchObject({
      outcome: 'partial',
      counts: { costPages: 0, budgets: 0, alertsRaised: 0, messagesSent: 0, hardLimitReads: 0 },
      failures: 1,
      first_error: `costs: ${report.failures[0]?.error}`,
    });
  });

  it('should keep the last run when this replica skips because another holds the lease', async () => {
    const ranAt = h.clock.now().toISOString();
    await h.bot.jobs.invites.run();
    h.clock.advance(MINUTE);
    const now = h.clock.now();
    await acquireLease(h.bot.db, 'invites', 'sweeper-other-replica', now, new Date(now.getTime() + MINUTE));

    const report = await h.bot.jobs.invites.run();

    expect(report.ran).toBe(false);
    expect((await sweepsOf(h.url)).invites).toMatchObject({
      last_started_at: ranAt,
      outcome: 'ok',
      here: { at: now.toISOString(), outcome: 'skipped-lease-held-elsewhere' },
    });
    expect(h.logs.at(-1)).toContain('Sweep invites skipped: another replica holds its lease');
  });

  it('should tell the last run on another replica too, from the shared database', async () => {
    const ranAt = h.clock.now().toISOString();
    await h.bot.jobs.invites.run();
    const other = await createBot(h.config, { clock: h.clock, slackRetries: 0, logWrite: () => {} });
    try {
      const server = await other.start(0, { sweeps: false });
      if (!server) throw new Error('expected HTTP mode');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      expect((await sweepsOf(url)).invites).toMatchObject({
        last_started_at: ranAt,
        outcome: 'ok',
        replica: REPLICA,
        here: null,
      });
    } finally {
      await other.stop();
    }
  });
});

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('GET /healthz in Socket Mode', () => {
  it('should answer on PORT even when Slack refuses the Socket Mode connection', async () => {
    const port = await freePort();
    // A revoked app token: Slack refuses the connection, and the socket client gives up at once.
    h.slack.failNext('apps.connections.open', 'invalid_auth');
    const bot = await createBot(
      { ...h.config, SLACK_APP_TOKEN: 'xapp-1-A0TEST-0123456789', PORT: port },
      { clock: h.clock, slackRetries: 0, logWrite: (line) => h.logs.push(line) },
    );
    try {
      await expect(bot.start(undefined, { sweeps: false })).rejects.toThrow(/invalid_auth/);
      expect(h.slack.calls.map((call) => call.method)).toContain('apps.connections.open');

      expect(await sweepsOf(`http://127.0.0.1:${port}`)).toMatchObject({
        invites: neverRan('invites'),
      });
    } finally {
      await bot.stop();
    }
  });
});
