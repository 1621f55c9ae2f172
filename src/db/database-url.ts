import { fileURLToPath } from 'node:url';

/**
 * What DATABASE_URL names: a SQLite file (a path as the process resolves it, relative to the
 * working directory, or `:memory:`), or a PostgreSQL connection string handed to `pg` unchanged.
 */
export type DatabaseLocation =
  | { engine: 'sqlite'; path: string }
  | { engine: 'postgres'; connection: string };

/** The one text that answers any DATABASE_URL this module refuses; it never echoes the value (it may hold a password). */
export const DATABASE_URL_FORMS =
  'must be sqlite:<path> (e.g. sqlite:./data/access-bot.sqlite), a file: URL with an absolute path ' +
  '(file:///var/lib/access-bot/bot.sqlite), a plain file path, or postgres://user:password@host:port/database';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;

/**
 * Reads DATABASE_URL, or says it cannot (`undefined`). The accepted forms, and why the others are refused:
 *
 * - `postgres://…` or `postgresql://…` with a host, or `?host=/run/postgresql` for a Unix socket.
 * - `sqlite:<path>`: the rest, as written (no percent-decoding), is the file path: `sqlite:./x`,
 *   `sqlite:/abs/x`, `sqlite::memory:`. `sqlite://…` is refused: tools disagree on it
 *   (SQLAlchemy reads `sqlite:///x` as the relative `x`, a file URL reading gives `/x`).
 * - `file:` URLs as RFC 8089 reads them, always absolute: `file:/abs`, `file:///abs`,
 *   `file://localhost/abs` (percent-encoded characters decoded). A relative `file:x` or
 *   `file:./x` is refused: a URL parser reads it as `/x`, which is never what was meant.
 * - A plain path (`./data/x.sqlite`, `/abs/x.sqlite`, `:memory:`), i.e. anything without a scheme.
 *
 * Every other scheme (`mysql://…`, `sqlite3:…`) is refused rather than taken for a file name.
 *
 * @example parseDatabaseUrl('file:///srv/bot.sqlite') // { engine: 'sqlite', path: '/srv/bot.sqlite' }
 */
export function parseDatabaseUrl(url: string): DatabaseLocation | undefined {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return url === '' ? undefined : { engine: 'sqlite', path: url };
  const rest = url.slice(scheme.length + 1);
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return isPostgresUrl(url) ? { engine: 'postgres', connection: url } : undefined;
    case 'sqlite':
      // `sqlite:file:…` and the like: a URL inside is not a path either.
      if (rest === '' || rest.startsWith('//') || SCHEME.test(rest)) return undefined;
      return { engine: 'sqlite', path: rest };
    case 'file':
      return fileUrlPath(url, rest);
    default:
      return undefined;
  }
}

function isPostgresUrl(url: string): boolean {
  if (!/^postgres(?:ql)?:\/\//i.test(url)) return false;
  if (/[?&]host=/.test(url)) return true;
  return URL.canParse(url) && new URL(url).hostname !== '';
}

function fileUrlPath(url: string, rest: string): DatabaseLocation | undefined {
  // Only absolute forms: `/abs` or `//host/abs` (the parser below would read `file:x` as `/x`).
  if (!rest.startsWith('/') || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  // A query or fragment would be dropped silently; a host other than localhost is another machine.
  if (parsed.search !== '' || parsed.hash !== '' || parsed.host !== '') return undefined;
  try {
    return { engine: 'sqlite', path: fileURLToPath(parsed) };
  } catch {
    // e.g. an encoded slash (%2F), which no file path can hold.
    return undefined;
  }
}
