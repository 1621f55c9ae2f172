/**
 * Takes a consistent copy of the bot's SQLite database while the bot runs, for backups.
 *
 *   npm run backup -- backups/access-bot-2026-12-02.sqlite      (a developer's checkout)
 *   node dist/backup.mjs /backup/access-bot-2026-12-02.sqlite    (a production install)
 *
 * Only DATABASE_URL is read. PostgreSQL is refused: pg_dump is its backup tool.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigSchema } from '../config.js';
import { parseDatabaseUrl } from '../db/database-url.js';
import { backupSqlite } from '../db/sqlite-backup.js';
import { type CliIo, runAsScript, SETTINGS_HELP } from './cli-support.js';

const USAGE = `Usage: npm run backup -- FILE     (production install: node dist/backup.mjs FILE)

Copies the SQLite database DATABASE_URL names to FILE, consistently, while the bot keeps running
(SQLite's online backup), then checks the copy with PRAGMA integrity_check.
FILE must not exist yet. To restore: stop the bot, put the copy where DATABASE_URL points
(deleting any -wal and -shm files next to the old one), start the bot.

  -h, --help     show this help

Reads only DATABASE_URL (default sqlite:./data/access-bot.sqlite); the database must exist.
For PostgreSQL use pg_dump (README, "Deploy").
${SETTINGS_HELP}`;

const CliSettings = z.object({ DATABASE_URL: ConfigSchema.shape.DATABASE_URL });

/** Runs the backup; returns the process exit code (0 done; 1 failed; 2 bad usage or settings). */
export async function runBackup(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  let parsed: { values: { help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const [target, ...extra] = parsed.positionals;
  if (!target || extra.length > 0) {
    io.stderr(`Name exactly one file to write the backup to.\n\n${USAGE}\n`);
    return 2;
  }
  const settings = CliSettings.safeParse({ DATABASE_URL: env.DATABASE_URL || undefined });
  if (!settings.success) {
    io.stderr(`${settings.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('\n')}\n`);
    return 2;
  }
  const location = parseDatabaseUrl(settings.data.DATABASE_URL);
  if (location?.engine !== 'sqlite') {
    io.stderr(
      'DATABASE_URL names a PostgreSQL database: this tool copies SQLite only. Back PostgreSQL up with ' +
        'pg_dump, e.g. pg_dump --format=custom --file=access-bot.dump "$DATABASE_URL" (README, "Deploy").\n',
    );
    return 2;
  }
  if (location.path === ':memory:') {
    io.stderr(
      'DATABASE_URL names an in-memory database (sqlite::memory:): there is nothing on disk to copy.\n',
    );
    return 2;
  }
  if (!existsSync(location.path)) {
    io.stderr(
      `DATABASE_URL: there is no SQLite file at ${resolve(location.path)}; point DATABASE_URL at the file ` +
        'the bot writes (by default ./data/access-bot.sqlite in the folder the bot runs in).\n',
    );
    return 2;
  }
  if (existsSync(target)) {
    io.stderr(`${resolve(target)} exists already; name a new file (a backup never overwrites one).\n`);
    return 2;
  }
  try {
    const { pages, integrity } = await backupSqlite(location.path, target);
    if (integrity !== 'ok') {
      io.stderr(`The copy at ${resolve(target)} failed PRAGMA integrity_check: ${integrity}\n`);
      return 1;
    }
    io.stderr(`Backed up ${resolve(location.path)} to ${resolve(target)} (${pages} pages, integrity ok).\n`);
    return 0;
  } catch (error) {
    io.stderr(`The backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

await runAsScript(import.meta.url, runBackup);
