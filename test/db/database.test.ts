import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertPendingRequest } from '../../src/db/access-requests.js';
import { connectDatabase, describeLocation, engineOf } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('engineOf', () => {
  it('should read postgres:// and postgresql:// as PostgreSQL, everything else as SQLite', () => {
    expect(engineOf('postgres://u:p@h/db')).toBe('postgres');
    expect(engineOf('postgresql://u@h/db')).toBe('postgres');
    expect(engineOf('sqlite:./data/x.sqlite')).toBe('sqlite');
    expect(engineOf(':memory:')).toBe('sqlite');
  });
});

describe('describeLocation', () => {
  it('should name host, port and database but never the password', () => {
    expect(describeLocation('postgres://bot:s3cret@db.internal:5433/access')).toBe(
      'postgres at db.internal:5433/access',
    );
    expect(describeLocation('postgresql://bot:s3cret@db.internal/access')).toBe(
      'postgres at db.internal:5432/access',
    );
  });
});

describe('connectDatabase', () => {
  it('should stop start-up naming DATABASE_URL and the address when PostgreSQL refuses connections', async () => {
    const port = await closedPort();
    await expect(connectDatabase(`postgres://bot:s3cret-pw@127.0.0.1:${port}/access`)).rejects.toThrow(
      `DATABASE_URL: could not connect to postgres at 127.0.0.1:${port}/access (ECONNREFUSED)`,
    );
  });

  it('should stop start-up naming DATABASE_URL when the SQLite file cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'access-bot-db-'));
    try {
      writeFileSync(join(dir, 'not-a-directory'), '');
      const path = join(dir, 'not-a-directory', 'bot.sqlite');
      await expect(connectDatabase(`sqlite:${path}`)).rejects.toThrow(
        `DATABASE_URL: could not open SQLite file ${path} (EEXIST)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should open a SQLite file that answers', async () => {
    const db = await connectDatabase(':memory:');
    await expect(db.selectNoFrom((eb) => eb.lit(1).as('one')).executeTakeFirst()).resolves.toEqual({
      one: 1,
    });
    await db.destroy();
  });
});

describe('one open request per person and project', () => {
  it('should let the database refuse a second open request even when no check ran before', async () => {
    const db = await connectDatabase(':memory:');
    await migrateToLatest(db);
    const input = {
      requester_slack_id: 'UREQ',
      requester_email: 'rita@uni.example',
      project_id: 'proj_alpha',
      project_name: 'Alpha',
      role: 'member' as const,
      justification: 'Evaluation runs for the thesis.',
      access_ends_on: null,
    };
    const first = await insertPendingRequest(db, input, new Date('2026-11-23T10:00:00Z'));
    expect(first?.status).toBe('pending');
    expect(await insertPendingRequest(db, input, new Date('2026-11-23T10:00:01Z'))).toBeUndefined();
    // Once the first is closed, a new one may be opened.
    await db.updateTable('access_requests').set({ status: 'denied' }).execute();
    expect(await insertPendingRequest(db, input, new Date('2026-11-23T10:00:02Z'))).toBeDefined();
    await db.destroy();
  });
});

describe('SQLite statements kept compiled', () => {
  it('should answer a repeated query with the schema as it is now, not as it was when first compiled', async () => {
    const db = await connectDatabase('sqlite::memory:');
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    await sql`insert into notes (body) values ('first')`.execute(db);
    const everything = () => sql<Record<string, unknown>>`select * from notes`.execute(db);
    expect((await everything()).rows).toEqual([{ id: 1, body: 'first' }]);

    await sql`alter table notes add column author text`.execute(db);
    await sql`update notes set author = 'ada'`.execute(db);
    expect((await everything()).rows).toEqual([{ id: 1, body: 'first', author: 'ada' }]);
    await db.destroy();
  });

  it('should still answer a query after more distinct statements than it keeps have pushed it out', async () => {
    const db = await connectDatabase('sqlite::memory:');
    const one = () => sql<{ n: number }>`select 1 as n`.execute(db);
    expect((await one()).rows).toEqual([{ n: 1 }]);
    for (let k = 0; k < 600; k += 1) await sql.raw(`select ${k} as n`).execute(db);
    expect((await one()).rows).toEqual([{ n: 1 }]);
    await db.destroy();
  });
});
