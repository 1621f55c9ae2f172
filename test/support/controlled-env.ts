/**
 * Tests run with a controlled environment: neither the developer's shell nor a `.env` file may change what
 * a test sees.
 *
 * - In the test process, `test/support/setup-env.ts` (a vitest setup file) deletes every inherited variable
 *   the bot or its SDKs would read (`scrubInheritedEnv`). TEST_DATABASE_URL is the one variable the suite
 *   honours on purpose (PostgreSQL instead of SQLite, see vitest.config.ts); vitest does not load `.env`
 *   files (`envDir: false`).
 * - A bot process a test starts gets an explicit environment, nothing inherited but PATH
 *   (test/support/bot-process.ts, `controlledEnv`). The bundled bot (src/main.ts) also loads a `.env` from
 *   its working directory, so test/e2e/main-process.test.ts starts it in a temporary directory of its own,
 *   with `controlledEnv(settings)`: every setting is named (blank means "default"), and
 *   `process.loadEnvFile` never overwrites a variable that is set, so even a `.env` there changes nothing
 *   (that test puts a stray one there on purpose).
 */
import { ConfigSchema } from '../../src/config.js';

/** Every setting the bot reads (src/config.ts), by name. */
export const BOT_SETTINGS: readonly string[] = Object.keys(ConfigSchema.shape);

/**
 * Variables read outside the config: crash points (src/crash-points.ts), the clock file of bot processes
 * (test/support/bot-process-main.ts), and the SDKs' own (`openai` reads OPENAI_ORG_ID, OPENAI_PROJECT_ID,
 * OPENAI_LOG, …).
 */
const ALSO_READ = ['CRASH_AT', 'TEST_CLOCK_FILE'];
const SDK_PREFIXES = /^(OPENAI|SLACK)_/;

/** The names in `env` that the bot or its SDKs would read, which a test must not inherit. */
export function strayVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => BOT_SETTINGS.includes(name) || ALSO_READ.includes(name) || SDK_PREFIXES.test(name))
    .sort();
}

/** Deletes the stray variables from `env` (the test process's own environment by default); returns their names. */
export function scrubInheritedEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const stray = strayVariables(env);
  for (const name of stray) delete env[name];
  return stray;
}

/**
 * The whole environment of a bot process a test starts: PATH, every bot setting blank (loadConfig reads
 * blank as unset, so the default applies), then the test's own settings. With every setting present, a
 * `.env` the bot loads cannot fill one in.
 */
export function controlledEnv(settings: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...Object.fromEntries(BOT_SETTINGS.map((name) => [name, ''])),
    ...settings,
  };
}

/** A `.env` as a developer might keep one: each line would change a test's outcome if it were read. */
export const STRAY_DOTENV = [
  'DATABASE_URL=/nonexistent/x.sqlite',
  'LOG_LEVEL=error',
  'ACCESS_ADMINS=UBOGUS',
  'ADMIN_CHANNEL=CBOGUS',
  'ALLOW_SELF_APPROVAL=true',
  'SLACK_APP_TOKEN=xapp-1-bogus',
  '',
].join('\n');
