import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { runBackup } from '../../src/cli/backup.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Rows per transaction the writer commits: a consistent copy holds whole batches only. */
const BATCH = 10;

let dir: string;
let out: string[];
let err: string[];
let writer: ChildProcess | undefined;
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'backup-')));
  out = [];
  err = [];
});

afterEach(() => {
  writer?.kill('SIGKILL');
  writer = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Another process with a connection open on the database, as the bot holds one (WAL mode, like the
 * bot's), committing batches of BATCH rows as fast as it can until it is killed. It prints the
 * number of batches committed so far after every commit.
 */
function startWriter(path: string): { process: ChildProcess; committed: () => number } {
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules', 'better-sqlite3'))});
    const db = new Database(process.argv[1]);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('insert into backup_probe (batch, n, payload) values (?, ?, ?)');
    const payload = 'x'.repeat(2000);
    const batch = db.transaction((b) => { for (let n = 0; n < ${BATCH}; n += 1) insert.run(b, n, payload); });
    let b = db.prepare('select coalesce(max(batch), -1) + 1 as b from backup_probe').get().b;
    const step = () => { batch(b); b += 1; process.stdout.write(b + '\\n'); setImmediate(step); };
    step();`;
  const child = spawn(process.execPath, ['-e', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = chunk.toString().trim().split('\n');
    last = Number(lines.at(-1));
  });
  return { process: child, committed: () => last };
}

describe('npm run backup (runBackup)', () => {
  it('should copy the database consistently while another process keeps writing to it', async () => {
    const path = join(dir, 'access-bot.sqlite');
    const url = `sqlite:${path}`;
    // The bot's own schema, as the bot leaves it, plus a table the writer fills.
    const db = await connectDatabase(url);
    await migrateToLatest(db);
    await db.destroy();
    const setup = new SqliteDatabase(path);
    setup.exec(
      'create table backup_probe (batch integer not null, n integer not null, payload text not null)',
    );
    setup.close();

    const started = startWriter(path);
    writer = started.process;
    // Enough committed (about 4 MB) that the copy is many pages, written while the copy runs.
    while (started.committed() < 200) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = started.committed();
    const copy = join(dir, 'copy.sqlite');

    expect(await runBackup([copy], { DATABASE_URL: url }, io)).toBe(0);
    // Stop the writer and read every commit it reported: a commit's line can still be in the
    // pipe when the copy ends, so reading the count before the pipe is drained undercounts.
    const closed = new Promise((resolve) => writer?.once('close', resolve));
    writer.kill('SIGKILL');
    await closed;
    const after = started.committed();

    expect(err.join('')).toMatch(/^Backed up .* to .*copy\.sqlite \(\d+ pages, integrity ok\)\.\n$/);
    // The writer went on while the copy was taken.
    expect(after).toBeGreaterThan(before);
    const restored = new SqliteDatabase(copy, { readonly: true });
    try {
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      const names = restored.prepare('select name from kysely_migration order by name').all();
      expect(names.map((row) => (row as { name: string }).name)).toEqual(Object.keys(migrations).sort());
      const batches = restored
        .prepare('select batch, count(*) as rows from backup_probe group by batch order by batch')
        .all() as { batch: number; rows: number }[];
      // Every batch committed before the copy began is in it, and no transaction is in it halfway.
      expect(batches.length).toBeGreaterThanOrEqual(before);
      expect(batches.length).toBeLessThanOrEqual(after);
      expect(batches.filter((b) => b.rows !== BATCH)).toEqual([]);
      expect(batches.map((b) => b.batch)).toEqual([...Array(batches.length).keys()]);
    } finally {
      restored.close();
    }
  });

  it('should refuse a PostgreSQL DATABASE_URL, pointing at pg_dump', async () => {
    const code = await runBackup(
      [join(dir, 'copy.sqlite')],
      { DATABASE_URL: 'postgres://bot:pw@db:5432/bot' },
      io,
    );
    expect(code).toBe(2);
    expect(err.join('')).toContain('DATABASE_URL names a PostgreSQL database: this tool copies SQLite only.');
    expect(err.join('')).toContain('pg_dump --format=custom');
    expect(err.join('')).not.toContain('pw');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should refuse to overwrite a file, and a database that does not exist, creating nothing', async () => {
    const missing = join(dir, 'data', 'bot.sqlite');
    expect(await runBackup([join(dir, 'copy.sqlite')], { DATABASE_URL: `sqlite:${missing}` }, io)).toBe(2);
    expect(err.join('')).toContain(`DATABASE_URL: there is no SQLite file at ${missing};`);
    expect(readdirSync(dir)).toEqual([]);

    err = [];
    const path = join(dir, 'bot.sqlite');
    const db = await connectDatabase(`sqlite:${path}`);
    await db.destroy();
    expect(await runBackup([path], { DATABASE_URL: `sqlite:${path}` }, io)).toBe(2);
    expect(err.join('')).toBe(`${path} exists already; name a new file (a backup never overwrites one).\n`);
  });

  it('should ask for exactly one file', async () => {
    expect(await runBackup([], {}, io)).toBe(2);
    expect(err.join('')).toMatch(
      /^Name exactly one file to write the backup to\.\n\nUsage: npm run backup -- FILE/,
    );
  });
});
