import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { type Engine, engineOf } from '../../src/db/database.js';

/**
 * The PostgreSQL server the suite runs on, from TEST_DATABASE_URL (see test/support/postgres.sh);
 * undefined when unset, and the suite runs on SQLite.
 */
export function testPostgresUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return undefined;
  if (engineOf(url) !== 'postgres') {
    throw new Error('TEST_DATABASE_URL must be a postgres:// URL (or unset, to test on SQLite).');
  }
  return url;
}

/** For tests that mean PostgreSQL (test/postgres/): fails loudly instead of passing on SQLite. */
export function requirePostgres(): string {
  const url = testPostgresUrl();
  if (!url) {
    throw new Error(
      'This test needs PostgreSQL: set TEST_DATABASE_URL (test/support/postgres.sh start prints one).',
    );
  }
  return url;
}

export interface TestDatabase {
  /** DATABASE_URL for the bot. */
  url: string;
  engine: Engine;
  /** Deletes it (the SQLite file goes with its directory). */
  drop(): Promise<void>;
}

/**
 * A database of the test's own, empty: a SQLite file in `dir`, or, with TEST_DATABASE_URL, a
 * fresh database on that server (about 25 ms on the throwaway cluster), so tests stay
 * independent while files run in parallel.
 */
export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  const server = testPostgresUrl();
  if (!server) {
    return { url: `sqlite:${join(dir, 'bot.sqlite')}`, engine: 'sqlite', drop: async () => undefined };
  }
  const name = `access_bot_test_${randomBytes(6).toString('hex')}`;
  await withClient(server, (client) => client.query(`create database ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    engine: 'postgres',
    drop: async () => {
      // FORCE: a bot process a test killed may still hold a connection the server has not noticed closing.
      await withClient(server, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
