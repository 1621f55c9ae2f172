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

export interface TestDatabase {
  /** DATABASE_URL for the bot. */
  url: string;
  engine: Engine;
  /** Deletes it (the SQLite file goes with its directory). */
  drop(): Promise<void>;
}

/**
 * A database of the test's own, empty: a SQLite file in `dir`, or, with TEST_DATABASE_URL, a
 * fresh schema on that server, reached through `search_path` in the URL. A schema per test
 * keeps tests independent while files run in parallel, and costs milliseconds where a
 * database per test would cost a copy of template1.
 */
export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  const server = testPostgresUrl();
  if (!server) {
    return { url: `sqlite:${join(dir, 'bot.sqlite')}`, engine: 'sqlite', drop: async () => undefined };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  await withClient(server, (client) => client.query(`create schema ${schema}`));
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    engine: 'postgres',
    drop: async () => {
      await withClient(server, (client) => client.query(`drop schema if exists ${schema} cascade`));
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
