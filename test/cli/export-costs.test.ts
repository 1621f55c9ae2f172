import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExportCosts } from '../../src/cli/export-costs.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { type AdminApi, createAdminClient } from '../../src/openai/admin-client.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { ManualClock } from '../support/manual-clock.js';

const clock = new ManualClock('2026-11-21T08:00:00Z');

let dir: string;
let fake: FakeOpenAIAdmin;
let admin: AdminApi;
let env: Record<string, string>;
let out: string[];
let err: string[];
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'export-costs-'));
  fake = await startFakeOpenAIAdmin({ now: () => clock.now().getTime() / 1000 });
  admin = createAdminClient({ adminKey: fake.adminKey, baseURL: fake.baseURL, maxRetries: 0 });
  env = {
    DATABASE_URL: `sqlite:${join(dir, 'bot.sqlite')}`,
    OPENAI_ADMIN_KEY: fake.adminKey,
    OPENAI_BASE_URL: fake.baseURL,
  };
  out = [];
  err = [];
  // The bot's database, as the bot leaves it: the export reads it and never creates one.
  const db = await connectDatabase(env.DATABASE_URL as string);
  await migrateToLatest(db);
  await db.destroy();
});

afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runExportCosts', () => {
  it('should refresh the history from OpenAI, then export a range and project as CSV', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const beta = fake.state.addProject({ name: 'Beta' });
    for (const [project, day, usd] of [
      [alpha.id, '2026-09-30', 2],
      [alpha.id, '2026-10-01', 1.25],
      [beta.id, '2026-10-15', 7],
      [alpha.id, '2026-11-20', 0.5],
    ] as const) {
      fake.state.setDailyCost(project, Date.parse(`${day}T00:00:00Z`) / 1000, usd);
    }

    const code = await runExportCosts(
      ['--from', '2026-10-01', '--to', '2026-10-31', '--project', 'alpha', '--refresh'],
      env,
      io,
      { clock, admin },
    );

    expect(code).toBe(0);
    expect(out.join('')).toBe(`date,project_id,project_name,cost_usd\n2026-10-01,${alpha.id},Alpha,1.25\n`);
    expect(err.join('')).toContain('1 rows, 1 projects, $1.25 from 2026-10-01 to 2026-10-31.');
    // The refresh read October only: 31 buckets, one page.
    expect(fake.callCount('GET', '/organization/costs')).toBe(1);

    // Offline, from the stored history, into a file.
    const file = join(dir, 'october.csv');
    expect(
      await runExportCosts(
        ['--from', '2026-10-01', '--to', '2026-10-31', '--out', file],
        { DATABASE_URL: env.DATABASE_URL as string },
        io,
        { clock },
      ),
    ).toBe(0);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
    expect(fake.callCount('GET', '/organization/costs')).toBe(1);
  });

  it('should explain bad arguments and settings, naming them', async () => {
    expect(await runExportCosts(['--form', '2026-10-01'], env, io, { clock })).toBe(2);
    expect(err.join('')).toContain("Unknown option '--form'");
    expect(await runExportCosts(['--from', '2026-13-01'], env, io, { clock })).toBe(2);
    expect(err.join('')).toContain('“2026-13-01” is not a date; write YYYY-MM-DD, e.g. 2026-11-01.');
    expect(
      await runExportCosts(['--refresh'], { DATABASE_URL: env.DATABASE_URL as string }, io, { clock }),
    ).toBe(2);
    expect(err.join('')).toContain('--refresh reads OpenAI: set OPENAI_ADMIN_KEY');
    expect(await runExportCosts([], { DATABASE_URL: 'mysql://db/x' }, io, { clock })).toBe(2);
    expect(err.join('')).toContain(
      'DATABASE_URL must be sqlite:<path> (e.g. sqlite:./data/access-bot.sqlite), a file: URL with an absolute path',
    );
    expect(await runExportCosts(['--project', 'Nope'], env, io, { clock })).toBe(1);
    expect(err.join('')).toContain("No project “Nope” in the bot's project list.");
  });

  it('should print its usage on standard output and exit 0 on --help, saying where settings come from and that --to is inclusive', async () => {
    expect(await runExportCosts(['--help'], {}, io, { clock })).toBe(0);
    const usage = out.join('');
    expect(usage).toMatch(/^Usage: npm run export:costs -- \[--from YYYY-MM-DD\] \[--to YYYY-MM-DD\]/);
    expect(usage).toContain('UTC days, both inclusive: --to 2026-11-30 includes all of November 30');
    expect(usage).toContain('a .env file in the current folder');
    expect(err).toEqual([]);
  });

  it('should refuse a database file that does not exist, naming it and DATABASE_URL, and create nothing', async () => {
    const missing = join(dir, 'elsewhere', 'bot.sqlite');
    expect(await runExportCosts([], { DATABASE_URL: `sqlite:${missing}` }, io, { clock })).toBe(2);
    expect(err.join('')).toBe(
      `DATABASE_URL: there is no SQLite file at ${missing}; point DATABASE_URL at the file the bot writes ` +
        '(by default ./data/access-bot.sqlite in the folder the bot runs in).\n',
    );
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('should say on stderr that no row matched, still write the header, and exit 0', async () => {
    expect(await runExportCosts(['--from', '2026-10-01', '--to', '2026-10-31'], env, io, { clock })).toBe(0);
    expect(out.join('')).toBe('date,project_id,project_name,cost_usd\n');
    expect(err.join('')).toBe(
      'No costs stored from 2026-10-01 to 2026-10-31; the CSV has only its header.\n' +
        'The history is empty: the bot stores costs at each budget sweep, or run with --refresh.\n',
    );
  });
});
