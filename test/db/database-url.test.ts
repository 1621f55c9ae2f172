import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, DatabaseUnavailableError } from '../../src/db/database.js';
import { type DatabaseLocation, parseDatabaseUrl } from '../../src/db/database-url.js';

describe('parseDatabaseUrl', () => {
  const accepted: [url: string, location: DatabaseLocation][] = [
    ['sqlite:./data/bot.sqlite', { engine: 'sqlite', path: './data/bot.sqlite' }],
    ['sqlite:data/bot.sqlite', { engine: 'sqlite', path: 'data/bot.sqlite' }],
    ['sqlite:/var/lib/bot/bot.sqlite', { engine: 'sqlite', path: '/var/lib/bot/bot.sqlite' }],
    ['sqlite::memory:', { engine: 'sqlite', path: ':memory:' }],
    // The rest of sqlite: is a path as written, not a URL: nothing is decoded.
    ['sqlite:./my%20bot.sqlite', { engine: 'sqlite', path: './my%20bot.sqlite' }],
    ['file:/var/lib/bot/bot.sqlite', { engine: 'sqlite', path: '/var/lib/bot/bot.sqlite' }],
    ['file:///var/lib/bot/bot.sqlite', { engine: 'sqlite', path: '/var/lib/bot/bot.sqlite' }],
    ['file://localhost/var/lib/bot/bot.sqlite', { engine: 'sqlite', path: '/var/lib/bot/bot.sqlite' }],
    ['FILE:///var/lib/bot/bot.sqlite', { engine: 'sqlite', path: '/var/lib/bot/bot.sqlite' }],
    ['file:///var/lib/my%20bot.sqlite', { engine: 'sqlite', path: '/var/lib/my bot.sqlite' }],
    ['./data/bot.sqlite', { engine: 'sqlite', path: './data/bot.sqlite' }],
    ['data/bot.sqlite', { engine: 'sqlite', path: 'data/bot.sqlite' }],
    ['/var/lib/bot/bot.sqlite', { engine: 'sqlite', path: '/var/lib/bot/bot.sqlite' }],
    [':memory:', { engine: 'sqlite', path: ':memory:' }],
    [
      'postgres://bot:pw@db.internal:5432/access_bot',
      { engine: 'postgres', connection: 'postgres://bot:pw@db.internal:5432/access_bot' },
    ],
    [
      'postgresql://bot@127.0.0.1/access_bot?sslmode=require',
      { engine: 'postgres', connection: 'postgresql://bot@127.0.0.1/access_bot?sslmode=require' },
    ],
    [
      'postgres://bot@/access_bot?host=/run/postgresql',
      { engine: 'postgres', connection: 'postgres://bot@/access_bot?host=/run/postgresql' },
    ],
  ];
  it.each(accepted)('should read %s', (url, location) => {
    expect(parseDatabaseUrl(url)).toEqual(location);
  });

  const refused: [url: string, why: string][] = [
    ['', 'empty'],
    ['sqlite:', 'no path'],
    ['sqlite://./bot.sqlite', 'sqlite:// means different things in different tools'],
    ['sqlite:///var/lib/bot.sqlite', 'sqlite:// means different things in different tools'],
    ['sqlite:file:/var/lib/bot.sqlite', 'a URL inside sqlite:'],
    ['file:bot.sqlite', 'a relative file: URL (a URL parser reads it as /bot.sqlite)'],
    ['file:./data/bot.sqlite', 'a relative file: URL'],
    ['file://db.internal/var/lib/bot.sqlite', 'a file on another host'],
    ['file:///var/lib/bot.sqlite?mode=ro', 'a query that would be dropped'],
    ['file:///var/lib/bot.sqlite#x', 'a fragment that would be dropped'],
    ['file:///var/lib/a%2Fb.sqlite', 'an encoded slash'],
    ['mysql://bot:pw@db/x', 'another engine'],
    ['sqlite3:./bot.sqlite', 'another scheme'],
    ['postgres:access_bot', 'postgres without //'],
    ['postgres://bot:pw@/x', 'postgres without a host'],
  ];
  it.each(refused)('should refuse %s (%s)', (url) => {
    expect(parseDatabaseUrl(url)).toBeUndefined();
  });
});

describe('connectDatabase, where the SQLite file lands', () => {
  let dir: string;
  let before: string;

  beforeEach(() => {
    before = process.cwd();
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'database-url-')));
    process.chdir(dir);
  });

  afterEach(() => {
    process.chdir(before);
    rmSync(dir, { recursive: true, force: true });
  });

  const forms: [form: string, url: (dir: string) => string, expected: string][] = [
    ['sqlite:<relative path>', () => 'sqlite:./data/bot.sqlite', 'data/bot.sqlite'],
    ['sqlite:<absolute path>', (d) => `sqlite:${d}/abs/bot.sqlite`, 'abs/bot.sqlite'],
    ['file:/abs', (d) => `file:${d}/one/bot.sqlite`, 'one/bot.sqlite'],
    ['file:///abs', (d) => `file://${d}/two/bot.sqlite`, 'two/bot.sqlite'],
    ['file://localhost/abs', (d) => `file://localhost${d}/three/bot.sqlite`, 'three/bot.sqlite'],
    ['a plain relative path', () => 'plain/bot.sqlite', 'plain/bot.sqlite'],
    ['a plain absolute path', (d) => `${d}/four/bot.sqlite`, 'four/bot.sqlite'],
  ];
  it.each(forms)('should create the file %s names there and nowhere else', async (_form, url, expected) => {
    const db = await connectDatabase(url(dir));
    await db.destroy();

    expect(existsSync(join(dir, expected))).toBe(true);
    // Only the folder the URL names, and no folder called `file:` or `sqlite:`.
    expect(readdirSync(dir)).toEqual([expected.split('/')[0]]);
  });

  it('should refuse sqlite://./x without writing anything, neither here nor at /x', async () => {
    const name = `access-bot-${process.pid}-${Date.now()}.sqlite`;
    await expect(connectDatabase(`sqlite://./${name}`)).rejects.toThrow(DatabaseUnavailableError);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(`/${name}`)).toBe(false);
  });

  it('should refuse a missing file when told it must exist, naming the path, and create nothing', async () => {
    await expect(connectDatabase('sqlite:./data/bot.sqlite', { mustExist: true })).rejects.toThrow(
      `DATABASE_URL: there is no SQLite file at ${dir}/data/bot.sqlite; point DATABASE_URL at the file the bot writes`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
