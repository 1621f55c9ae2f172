import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
  sql,
} from 'kysely';
import type Pg from 'pg';
import { DATABASE_URL_FORMS, type DatabaseLocation, parseDatabaseUrl } from './database-url.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** SQLite is the embedded default; PostgreSQL is for several replicas on one database. */
export type Engine = 'sqlite' | 'postgres';

/** The engine of a DATABASE_URL that config accepted (see parseDatabaseUrl for the forms). */
export function engineOf(databaseUrl: string): Engine {
  return locationOf(databaseUrl).engine;
}

function locationOf(databaseUrl: string): DatabaseLocation {
  const location = parseDatabaseUrl(databaseUrl);
  if (!location) throw new DatabaseUnavailableError(`DATABASE_URL ${DATABASE_URL_FORMS}`);
  return location;
}

/**
 * Thrown at start-up when DATABASE_URL names a database the bot cannot use. The message names
 * the setting, the host and the reason, never the URL itself: it may hold a password.
 */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export interface OpenDatabaseOptions {
  /**
   * Called when an idle PostgreSQL connection fails (the server restarted, a proxy closed it).
   * The pool replaces the connection; without a listener `pg` would crash the process.
   */
  onIdleError?: (error: Error) => void;
  /** Most connections one process holds to PostgreSQL. Default 10. */
  maxConnections?: number;
  /**
   * Refuse a SQLite file that does not exist instead of creating it (and its folder): for tools
   * that read what the bot stored, where a new empty database would only hide a wrong path.
   */
  mustExist?: boolean;
}

const INT8_OID = 20;

/**
 * `pg` is required only for a PostgreSQL URL: imported up front it cost the SQLite default
 * about 6 MB of RSS for code it never runs (`npm run bench` keeps the bot under 150 MB).
 */
const loadPg = (): typeof Pg => createRequire(import.meta.url)('pg') as typeof Pg;

/**
 * `count(*)` and `sum()` of an integer column are int8, which `pg` returns as strings to keep
 * precision; SQLite returns numbers. Every such value here (counts, cents) is far below 2^53,
 * so both engines answer numbers.
 */
const typeParserOf = (pg: typeof Pg) =>
  ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/**
 * Opens the database DATABASE_URL names, without touching it yet (PostgreSQL connects lazily);
 * `connectDatabase` also checks that it answers.
 */
export function openDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): Db {
  const location = locationOf(databaseUrl);
  if (location.engine === 'postgres') {
    const pg = loadPg();
    const pool = new pg.Pool({
      connectionString: location.connection,
      max: options.maxConnections ?? 10,
      // An unreachable host fails start-up (and /healthz) after 10 s instead of hanging.
      connectionTimeoutMillis: 10_000,
      fallback_application_name: 'openai-access-bot',
      types: { getTypeParser: typeParserOf(pg) },
    });
    pool.on('error', options.onIdleError ?? (() => undefined));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const { path } = location;
  if (path !== ':memory:') {
    if (options.mustExist && !existsSync(path)) {
      throw new DatabaseUnavailableError(
        `DATABASE_URL: there is no SQLite file at ${resolve(path)}; point DATABASE_URL at the file ` +
          'the bot writes (by default ./data/access-bot.sqlite in the folder the bot runs in).',
      );
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  const sqlite = new SqliteDatabase(path);
  // WAL lets the health check and sweeps read while a decision writes; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

const CACHED_STATEMENTS = 500;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles the SQL each time. The bot has a
 * few dozen distinct statements, so they are kept compiled (the oldest dropped past 500 distinct
 * texts): `npm run bench` profiled `prepare` as the largest SQLite cost of a click.
 * Safe because Kysely only runs a statement to completion (`all`/`run`); nothing here streams.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const compiled = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText) {
      let statement = compiled.get(sqlText);
      if (!statement) {
        statement = sqlite.prepare(sqlText);
        if (compiled.size >= CACHED_STATEMENTS) compiled.delete(compiled.keys().next().value as string);
        compiled.set(sqlText, statement);
      }
      return statement;
    },
  };
}

/**
 * Opens the database and makes one round trip, so a wrong DATABASE_URL stops start-up with a
 * message naming it instead of failing the first Slack click.
 *
 * @throws DatabaseUnavailableError, e.g. "DATABASE_URL: could not connect to postgres at 127.0.0.1:5433 (ECONNREFUSED)"
 */
export async function connectDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): Promise<Db> {
  let db: Db;
  try {
    db = openDatabase(databaseUrl, options);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(`DATABASE_URL: ${describeFailure(databaseUrl, error)}`, {
      cause: error,
    });
  }
  try {
    await sql`select 1`.execute(db);
    return db;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(`DATABASE_URL: ${describeFailure(databaseUrl, error)}`, {
      cause: error,
    });
  }
}

/** Where the database is, for people: `postgres at host:port/db` or `SQLite file path`; no password. */
export function describeLocation(databaseUrl: string): string {
  const location = locationOf(databaseUrl);
  if (location.engine === 'sqlite') return `SQLite file ${location.path}`;
  try {
    const url = new URL(databaseUrl);
    return `postgres at ${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname.length > 1 ? url.pathname : ''}`;
  } catch {
    return 'postgres (the URL could not be parsed)';
  }
}

function describeFailure(databaseUrl: string, error: unknown): string {
  const where = describeLocation(databaseUrl);
  const verb = engineOf(databaseUrl) === 'sqlite' ? 'could not open' : 'could not connect to';
  return `${verb} ${where} (${scrub(databaseUrl, reasonOf(error))})`;
}

/**
 * A system error (refused, unknown host, timed out, no such directory) is best said by its code;
 * a server's or SQLite's own error by its message ("password authentication failed for user …").
 */
function reasonOf(error: unknown): string {
  const { code, syscall, message, errors } = error as {
    code?: string;
    syscall?: string;
    message?: string;
    errors?: { code?: string }[];
  };
  if (syscall && code) return code;
  // Node reports a host with several addresses, all refusing, as an AggregateError.
  const nested = errors?.find((e) => e.code)?.code;
  if (nested) return nested;
  return message || code || 'no reason given';
}

/** Removes the URL's password from a driver's text, should one ever echo it. */
function scrub(databaseUrl: string, text: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(databaseUrl).password);
  } catch {
    // Not a URL (a SQLite path): nothing to hide.
  }
  return password ? text.replaceAll(password, '***') : text;
}
