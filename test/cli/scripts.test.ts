import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { controlledEnv } from '../support/controlled-env.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Exit code and output of a command, whether it succeeded or not. */
async function outcome(
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each run starts tsx and loads the tool's imports: seconds on a busy CI machine, not a measure of anything.
describe('the export scripts, as a person runs them', { timeout: 60_000 }, () => {
  it.each(['export:audit', 'export:costs', 'backup'])(
    'should print usage and exit 0 for npm run %s -- --help',
    async (script) => {
      const { code, stdout } = await outcome('npm', ['run', '-s', script, '--', '--help'], {
        cwd: ROOT,
        env: { ...controlledEnv({}), HOME: process.env.HOME ?? tmpdir() },
      });
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: npm run ${script} -- `));
    },
  );

  // Both tools start through the same runAsScript; one shows that it reads ./.env.
  it('should read DATABASE_URL from ./.env in the folder it runs in', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'export-dotenv-')));
    try {
      writeFileSync(join(dir, '.env'), 'DATABASE_URL=sqlite:./from-dotenv/bot.sqlite\n');
      const { code, stderr } = await outcome(
        // What `npm run export:…` runs, started here so ./.env is this folder's.
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [join(ROOT, 'src', 'cli', 'export-audit.ts')],
        // No DATABASE_URL in the environment, so only the file can name it.
        { cwd: dir, env: { PATH: process.env.PATH ?? '' } },
      );
      expect(code).toBe(2);
      expect(stderr).toContain(`DATABASE_URL: there is no SQLite file at ${dir}/from-dotenv/bot.sqlite;`);
      expect(readdirSync(dir)).toEqual(['.env']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
