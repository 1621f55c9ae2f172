import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExportAudit } from '../../src/cli/export-audit.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ManualClock } from '../support/manual-clock.js';

const clock = new ManualClock('2026-11-21T08:00:00Z');

let dir: string;
let out: string[];
let err: string[];
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'export-audit-')));
  out = [];
  err = [];
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runExportAudit', () => {
  it('should print its usage on standard output and exit 0 on --help, saying where settings come from and that --to is inclusive', async () => {
    expect(await runExportAudit(['--help'], {}, io)).toBe(0);
    const usage = out.join('');
    expect(usage).toMatch(
      /^Usage: npm run export:audit -- \[--from YYYY-MM-DD\] \[--to YYYY-MM-DD\] \[--out FILE\]/,
    );
    expect(usage).toContain('UTC days, both inclusive: --to 2026-11-30 includes all of November 30');
    expect(usage).toContain('a .env file in the current folder');
    expect(err).toEqual([]);
  });

  it('should refuse a database file that does not exist, naming it and DATABASE_URL, and create nothing', async () => {
    const missing = join(dir, 'data', 'bot.sqlite');
    expect(await runExportAudit([], { DATABASE_URL: `sqlite:${missing}` }, io, { clock })).toBe(2);
    expect(err.join('')).toBe(
      `DATABASE_URL: there is no SQLite file at ${missing}; point DATABASE_URL at the file the bot writes ` +
        '(by default ./data/access-bot.sqlite in the folder the bot runs in).\n',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should say on stderr that no event matched, still write the header, and exit 0', async () => {
    const url = `sqlite:${join(dir, 'bot.sqlite')}`;
    const db = await connectDatabase(url);
    await migrateToLatest(db);
    await db.destroy();
    const file = join(dir, 'audit.csv');

    expect(await runExportAudit(['--out', file], { DATABASE_URL: url }, io, { clock })).toBe(0);

    expect(err.join('')).toBe(
      `No audit events from 2026-11-01 to 2026-11-21; the CSV has only its header, written to ${file}.\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(
      'occurred_at,actor,action,subject_type,subject_id,project_id,project_name,requester,before,after,details\r\n',
    );
    expect(out).toEqual([]);
  });

  it('should refuse a DATABASE_URL it cannot read, naming the accepted forms', async () => {
    expect(await runExportAudit([], { DATABASE_URL: 'file:bot.sqlite' }, io, { clock })).toBe(2);
    expect(err.join('')).toContain('DATABASE_URL must be sqlite:<path>');
  });
});
