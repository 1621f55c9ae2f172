import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** better-sqlite3's largest step: every remaining page at once. */
const ALL_PAGES = 0x7fffffff;

export interface SqliteBackupResult {
  /** Pages copied (the database's size in pages when the copy finished). */
  pages: number;
  /** What `PRAGMA integrity_check` said of the copy: `ok` when it is sound. */
  integrity: string;
}

/**
 * Copies the SQLite database at `source` to `target` while other connections (the running bot)
 * keep reading and writing it: SQLite's online backup API through better-sqlite3's `.backup()`.
 * All pages are copied in one step, inside one read transaction: in WAL mode (the bot's) that is a
 * snapshot, so the copy is one consistent state (a committed transaction is in it entirely or not
 * at all) and writers are not blocked. Copied in small steps instead, SQLite restarts the copy
 * whenever another connection writes between steps, and a busy bot could keep it from ever
 * finishing. The copy is then opened on its own and checked with `PRAGMA integrity_check`.
 */
export async function backupSqlite(source: string, target: string): Promise<SqliteBackupResult> {
  if (!existsSync(source)) throw new Error(`there is no SQLite file at ${resolve(source)}`);
  const db = new SqliteDatabase(source, { fileMustExist: true });
  let pages: number;
  try {
    // The bot's own setting: wait for a writer's lock instead of failing at once.
    db.pragma('busy_timeout = 5000');
    ({ totalPages: pages } = await db.backup(target, { progress: () => ALL_PAGES }));
  } finally {
    db.close();
  }
  const copy = new SqliteDatabase(target, { fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true }) as string;
    return { pages, integrity };
  } finally {
    copy.close();
  }
}
