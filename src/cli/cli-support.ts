import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { connectDatabase, type Db } from '../db/database.js';

/** Where a command-line tool writes: the process's streams, or arrays in a test. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A tool: arguments and settings in, an exit code out (0 done, 1 failed, 2 bad usage or settings). */
export type CliTool = (
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
) => Promise<number>;

/** What every tool's --help says about where its settings come from. */
export const SETTINGS_HELP =
  'Settings come from the environment, and from a .env file in the current folder when there is one\n' +
  '(a variable set in the environment wins over the file).';

/**
 * Runs `tool` when its file is the script node started (`npm run export:…`), not when a test
 * imports it: settings from the environment plus `./.env`, as the bot reads them.
 */
export async function runAsScript(moduleUrl: string, tool: CliTool): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await tool(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

/**
 * The database the bot wrote, for tools that read it. A SQLite file that is not there is refused
 * rather than created empty: an empty export would hide a wrong DATABASE_URL or folder.
 * Says why on stderr and answers `undefined` when it cannot be opened.
 */
export async function openExistingDatabase(databaseUrl: string, io: CliIo): Promise<Db | undefined> {
  try {
    return await connectDatabase(databaseUrl, { mustExist: true });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}
