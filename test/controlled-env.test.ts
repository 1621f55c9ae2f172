import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { CRASH_POINTS, crashPoint } from '../src/crash-points.js';
import { BOT_SETTINGS, controlledEnv, strayVariables } from './support/controlled-env.js';
import { scrubbed } from './support/setup-env.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROBE = 'should leave the test process nothing the bot or its SDKs would read from the shell';

describe('the environment tests run in', () => {
  it(PROBE, () => {
    if (scrubbed.length > 0) console.log(`ignored from the environment: ${scrubbed.join(' ')}`);
    expect(strayVariables(process.env)).toEqual([]);
    // An armed crash point kills this very process (SIGKILL), which fails the run.
    for (const point of CRASH_POINTS) crashPoint(point);
  });

  it('should hold when the shell exports bot settings, a crash point and SDK variables', async () => {
    // A vitest run of its own, started from a shell that exports all of them, runs the probe above.
    const stray = {
      DATABASE_URL: '/nonexistent/x.sqlite',
      LOG_LEVEL: 'error',
      ACCESS_ADMINS: 'UBOGUS',
      ADMIN_CHANNEL: 'CBOGUS',
      ALLOW_SELF_APPROVAL: 'true',
      SLACK_APP_TOKEN: 'xapp-1-bogus',
      CRASH_AT: 'after-decision',
      OPENAI_ORG_ID: 'org-bogus',
    };
    const run = spawn(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', 'test/controlled-env.test.ts', '-t', PROBE],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, NODE_ENV: 'test', NO_COLOR: '1', ...stray },
      },
    );
    let output = '';
    run.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    run.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));

    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests +1 passed/);
    // The probe saw none of them because they were removed, not because they never arrived.
    expect(output).toContain(`ignored from the environment: ${Object.keys(stray).sort().join(' ')}`);
  });
});

describe('controlledEnv (the environment of a bot process a test starts)', () => {
  const settings = {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'secret',
    OPENAI_ADMIN_KEY: 'sk-admin-test-key-0123456789',
  };

  it('should name every setting of the bot, so a .env cannot fill one in', () => {
    const env = controlledEnv(settings);
    expect(BOT_SETTINGS.filter((name) => !(name in env))).toEqual([]);
    expect(BOT_SETTINGS).toContain('SLACK_APP_TOKEN');
    expect(env.PATH).toBe(process.env.PATH);
  });

  it("should leave every setting the test did not give at the bot's default", () => {
    expect(loadConfig(controlledEnv(settings))).toEqual(loadConfig(settings));
  });
});
