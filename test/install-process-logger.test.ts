import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Runs `script` as the body of a real node process (TypeScript through tsx) that installed the
 * process logger first, since what it changes (Node's warnings, an uncaught error) only shows in
 * a process of its own.
 */
function runWithProcessLogger(script: string, env: Record<string, string> = {}) {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '--eval',
      `import { installProcessLogger } from './src/install-process-logger.ts';
       installProcessLogger(process.env);
       ${script}`,
    ],
    { cwd: process.cwd(), env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' },
  );
  const lines = run.stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as { level: string; msg: string };
      } catch {
        throw new Error(`The process wrote a line that is not JSON: ${line}`);
      }
    });
  return { code: run.status, stdout: run.stdout, lines };
}

describe('installProcessLogger', () => {
  it("should turn Node's own warnings into JSON lines on stderr", () => {
    const { code, stdout, lines } = runWithProcessLogger(
      "process.emitWarning('listeners pile up', 'MaxListenersExceededWarning');",
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'MaxListenersExceededWarning: listeners pile up' }),
    ]);
  });

  it('should log an uncaught error as one JSON line, without the secrets it held, and exit 1', () => {
    const { code, lines } = runWithProcessLogger(
      "setTimeout(() => { throw new Error('lost the database with signing secret sig-secret-123'); });",
      { SLACK_SIGNING_SECRET: 'sig-secret-123' },
    );
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('error');
    expect(lines[0]?.msg).toContain('The bot stopped on an error nothing caught: Error: lost the database');
    expect(lines[0]?.msg).not.toContain('sig-secret-123');
  });

  it('should log an unhandled promise rejection the same way', () => {
    const { code, lines } = runWithProcessLogger("void Promise.reject(new Error('nobody awaited me'));");
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', msg: expect.stringContaining('Error: nobody awaited me') }),
    ]);
  });
});
