import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
