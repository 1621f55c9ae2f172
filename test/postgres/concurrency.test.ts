import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideRequest, insertPendingRequest } from '../../src/db/access-requests.js';
import { connectDatabase, type Db } from '../../src/db/database.js';
import { acquireLease, leaseHolder, releaseLease } from '../../src/db/leases.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/test-database.js';

/**
 * What two replicas do to one PostgreSQL at the same moment. Each replica is a pool of its own
 * (separate connections, separate transactions), as two processes would be; READ COMMITTED, the
 * default, is what production runs.
 */
const server = requirePostgres();

let database: TestDatabase;
let replicaA: Db;
let replicaB: Db;
const T0 = new Date('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

beforeEach(async () => {
  database = await createTestDatabase(tmpdir());
  replicaA = await connectDatabase(database.url);
  replicaB = await connectDatabase(database.url);
  await migrateToLatest(replicaA);
});

afterEach(async () => {
  await Promise.all([replicaA.destroy(), replicaB.destroy()]);
  await database.drop();
});

/** Ten callers, alternating between the two replicas, started together. */
function atOnce<T>(work: (db: Db, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: 10 }, (_, i) => work(i % 2 === 0 ? replicaA : replicaB, i)));
}

describe('acquireLease on PostgreSQL', () => {
  it('should give a free lease to exactly one of many sweepers trying at once, round after round', async () => {
    for (let round = 0; round < 10; round += 1) {
      const won = await atOnce((db, i) => acquireLease(db, 'invites', `sweeper-${i}`, T0, minutes(1)));
      expect(won.filter(Boolean)).toHaveLength(1);
      const winner = `sweeper-${won.indexOf(true)}`;
      expect((await leaseHolder(replicaA, 'invites'))?.owner).toBe(winner);
      await releaseLease(replicaA, 'invites', winner);
    }
  });

  it('should let exactly one sweeper take over a lease its dead holder let expire', async () => {
    expect(await acquireLease(replicaA, 'requests', 'sweeper-dead', T0, minutes(1))).toBe(true);
    const won = await atOnce((db, i) => acquireLease(db, 'requests', `sweeper-${i}`, minutes(2), minutes(3)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await leaseHolder(replicaB, 'requests')).toEqual({
      owner: `sweeper-${won.indexOf(true)}`,
      expires_at: minutes(3).toISOString(),
    });
  });

  it('should refuse everyone else while the holder is inside its lease', async () => {
    expect(await acquireLease(replicaA, 'requests', 'sweeper-holder', T0, minutes(5))).toBe(true);
    const won = await atOnce((db, i) => acquireLease(db, 'requests', `sweeper-${i}`, minutes(4), minutes(9)));
    expect(won.filter(Boolean)).toHaveLength(0);
  });
});

describe('decideRequest on PostgreSQL', () => {
  it('should record exactly one decision when approvers on both replicas click at once', async () => {
    const request = await insertPendingRequest(
      replicaA,
      {
        requester_slack_id: 'UREQ',
        requester_email: 'rita@uni.example',
        project_id: 'proj_alpha',
        project_name: 'Alpha',
        role: 'member',
        justification: 'Evaluation runs for the thesis.',
        access_ends_on: null,
      },
      T0,
    );
    if (!request) throw new Error('an open request for this person and project exists already');
    const decided = await atOnce((db, i) =>
      decideRequest(db, {
        requestId: request.id,
        outcome: i === 3 ? 'denied' : 'approved',
        decidedBy: `UOWNER${i}`,
        decidedAs: 'owner',
        reason: null,
        at: minutes(1),
      }),
    );
    const winners = decided.filter((row) => row !== undefined);
    expect(winners).toHaveLength(1);
    const decisions = await replicaA.selectFrom('decisions').selectAll().execute();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.outcome).toBe(winners[0]?.status);
    const events = await replicaB
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', request.id)
      .where('action', 'in', ['request.approved', 'request.denied'])
      .execute();
    expect(events).toHaveLength(1);
  });
});

describe('migrateToLatest on PostgreSQL', () => {
  it('should bring an empty database up once when two replicas start at the same moment', async () => {
    const fresh = await createTestDatabase(tmpdir());
    const [a, b] = [await connectDatabase(fresh.url), await connectDatabase(fresh.url)];
    try {
      const results = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      const ran = results.flatMap((r) => r.results ?? []).filter((r) => r.status === 'Success');
      expect(ran.map((r) => r.migrationName).sort()).toEqual(
        Object.keys((await import('../../migrations/index.js')).migrations).sort(),
      );
      await expect(a.selectFrom('access_requests').select('id').execute()).resolves.toEqual([]);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
      await fresh.drop();
    }
  });
});

describe('migrateToLatest in a schema', () => {
  it("should keep its own history when another schema of the database already has Kysely's tables", async () => {
    const fresh = await createTestDatabase(tmpdir());
    const elsewhere = new URL(fresh.url);
    elsewhere.searchParams.set('options', '-c search_path=other_app');
    const [public_, other] = [await connectDatabase(fresh.url), await connectDatabase(elsewhere.toString())];
    try {
      await sql`create schema other_app`.execute(public_);
      await migrateToLatest(other);
      const result = await migrateToLatest(public_);
      expect(result.results?.every((r) => r.status === 'Success')).toBe(true);
      await expect(public_.selectFrom('access_requests').select('id').execute()).resolves.toEqual([]);
      const { rows } = await sql<{ schema: string }>`
        select table_schema as schema from information_schema.tables
        where table_name = 'access_requests' order by 1`.execute(public_);
      expect(rows.map((r) => r.schema)).toEqual(['other_app', 'public']);
    } finally {
      await Promise.all([public_.destroy(), other.destroy()]);
      await fresh.drop();
    }
  });
});

describe('connectDatabase on PostgreSQL', () => {
  it('should answer counts as numbers, as SQLite does', async () => {
    const row = await sql<{ n: unknown }>`select count(*) as n from access_requests`.execute(replicaA);
    expect(row.rows[0]?.n).toBe(0);
  });

  it('should stop start-up naming DATABASE_URL when the password is wrong, without echoing it', async () => {
    const wrong = new URL(server);
    wrong.password = 'not-the-password-1234';
    const where = `${wrong.hostname}:${wrong.port}${wrong.pathname}`;
    const failure = await connectDatabase(wrong.toString()).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toBe(
      `DATABASE_URL: could not connect to postgres at ${where} (password authentication failed for user "${wrong.username}")`,
    );
  });
});
