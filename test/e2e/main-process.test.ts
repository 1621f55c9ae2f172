import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { SlackRequestSender } from '../fakes/slack-request-sender.js';

const SECRET = 'main-process-signing-secret';

/**
 * Exactly what `npm start` runs: its prestart (the bundle), then the start command's node
 * arguments. Spawning node directly (not npm) lets the test send SIGTERM to the bot itself.
 */
function npmStartCommand(): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  execSync('npm run -s prestart', { stdio: 'ignore' });
  const [program, ...args] = (scripts.start ?? '').split(' ');
  if (program !== 'node') throw new Error(`npm start no longer starts with node: ${scripts.start}`);
  return args;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until the bot answers /healthz (start-up compiles TypeScript with tsx, which takes a moment). */
async function waitForHealth(url: string, child: ChildProcess): Promise<Response> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}`);
    try {
      return await fetch(`${url}/healthz`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('the bot did not start within 15 s');
}

interface LogLine {
  level: string;
  name: string;
  msg: string;
}

/** Every line of `output` as the JSON object it must be; names the first line that is not one. */
function jsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`The bot wrote a line that is not JSON: ${line}`);
      }
    });
}

let slack: FakeSlack;
let openai: FakeOpenAIAdmin;
let child: ChildProcess | undefined;
let dataDir: string;

afterEach(async () => {
  child?.kill('SIGKILL');
  await Promise.all([slack?.close(), openai?.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start (the bundled bot as its own process)', () => {
  it('should refuse to start naming every bad setting, without a stack trace', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'access-bot-main-'));
    const run = spawn(process.execPath, npmStartCommand(), {
      env: { PATH: process.env.PATH, PORT: 'abc' },
      cwd: process.cwd(),
    });
    let stderr = '';
    run.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let stdout = '';
    run.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const [line, ...more] = jsonLines(stderr);
    expect(more).toEqual([]);
    expect(line?.level).toBe('error');
    expect(line?.msg).toContain('4 settings are missing or invalid');
    expect(line?.msg).toContain('PORT must be a port number');
    expect(line?.msg).not.toMatch(/\n\s+at /);
  });

  it('should serve Slack and /healthz, log JSON lines, and stop cleanly on SIGTERM', async () => {
    const { port, url, output, stopped } = await startBot();

    const sender = new SlackRequestSender({
      url: `${url}/slack/events`,
      signingSecret: SECRET,
      fakeSlack: slack,
    });
    const help = await sender.slashCommand({ userId: 'U0SOMEONE1', text: 'help' });
    expect(help.json).toMatchObject({ response_type: 'ephemeral' });

    child?.kill('SIGTERM');
    expect(await stopped).toBe(0);
    const lines = jsonLines(output.stdout);
    expect(lines.some((l) => l.msg.includes(`listening on port ${port}`))).toBe(true);
    expect(lines.some((l) => l.msg.includes('SIGTERM'))).toBe(true);
    expect(output.stdout).not.toContain(openai.adminKey);
  });

  it("should write only JSON lines, the Slack Web API client's own rate-limit notice included", async () => {
    // The bot asks auth.test who it is before Bolt starts, through a WebClient of its own.
    const { output, stopped } = await startBot({
      before: (fake) => fake.failNext('auth.test', { status: 429, retryAfter: 1 }),
    });
    child?.kill('SIGTERM');
    expect(await stopped).toBe(0);
    const lines = [...jsonLines(output.stdout), ...jsonLines(output.stderr)];
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'API Call failed due to rate limiting. Will retry in 1 seconds.',
      }),
    );
  });
});

/**
 * Starts the fakes and `npm start` on them, and waits until the bot answers /healthz. `before`
 * prepares the fake Slack before the bot makes its first call.
 */
async function startBot(options: { before?: (fakeSlack: FakeSlack) => void } = {}) {
  slack = await startFakeSlack();
  openai = await startFakeOpenAIAdmin();
  options.before?.(slack);
  dataDir = mkdtempSync(join(tmpdir(), 'access-bot-main-'));
  const port = await freePort();
  const started = spawn(process.execPath, npmStartCommand(), {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_ADMIN_KEY: openai.adminKey,
      OPENAI_BASE_URL: openai.baseURL,
      DATABASE_URL: `sqlite:${join(dataDir, 'bot.sqlite')}`,
      PORT: String(port),
    },
  });
  child = started;
  const output = { stdout: '', stderr: '' };
  started.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  started.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const stopped = new Promise<number | null>((resolve) => started.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const health = await waitForHealth(url, started);
  expect(health.status).toBe(200);
  return { port, url, output, stopped };
}
