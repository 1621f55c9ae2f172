import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { FAKE_APP_TOKEN } from '../fakes/fake-slack-socket.js';
import { SlackRequestSender } from '../fakes/slack-request-sender.js';
import { controlledEnv, STRAY_DOTENV } from '../support/controlled-env.js';

const SECRET = 'main-process-signing-secret';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Exactly what `npm start` runs: its prestart (the bundle), then the start command's node
 * arguments, the script as an absolute path, since the bot runs in a directory of the test's own.
 * Spawning node directly (not npm) lets the test send SIGTERM to the bot itself.
 */
function npmStartCommand(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  execSync('npm run -s prestart', { cwd: ROOT, stdio: 'ignore' });
  const [program, ...args] = (scripts.start ?? '').split(' ');
  if (program !== 'node') throw new Error(`npm start no longer starts with node: ${scripts.start}`);
  return args.map((arg) => (arg.startsWith('-') ? arg : resolve(ROOT, arg)));
}

/**
 * The bot's working directory, empty but for a stray `.env` (src/main.ts loads one when present): whatever
 * that file says, the test's settings must win, so every assertion below also proves the test controls
 * the bot's environment.
 */
function workingDirectoryWithStrayDotenv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'access-bot-main-'));
  writeFileSync(join(dir, '.env'), STRAY_DOTENV);
  return dir;
}

/** Runs the bundled bot until it exits (it refuses to start); its exit code and output. */
async function refusal(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawn(process.execPath, npmStartCommand(), { env, cwd: dataDir });
  let stderr = '';
  run.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let stdout = '';
  run.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
  return { code, stdout, stderr };
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

/** The first post to a response_url, once the bot made it. */
async function firstResponse(fake: FakeSlack): Promise<unknown> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const post = fake.responses[0];
    if (post) return post.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the bot did not answer by response_url within 5 s');
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
    dataDir = workingDirectoryWithStrayDotenv();
    const { code, stdout, stderr } = await refusal(controlledEnv({ PORT: 'abc' }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const [line, ...more] = jsonLines(stderr);
    expect(more).toEqual([]);
    expect(line?.level).toBe('error');
    expect(line?.msg).toContain('4 settings are missing or invalid');
    expect(line?.msg).toContain('PORT must be a port number');
    // The stray .env's SLACK_APP_TOKEN (Socket Mode) would make the signing secret optional.
    expect(line?.msg).toContain('SLACK_SIGNING_SECRET is required in HTTP mode');
    expect(line?.msg).not.toMatch(/\n\s+at /);
  });

  it('should read a .env in its working directory, which is why the tests control its environment', async () => {
    // The same start without the controlled environment: the stray .env fills in what the test left out.
    dataDir = workingDirectoryWithStrayDotenv();
    const { code, stderr } = await refusal({ PATH: process.env.PATH ?? '', PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr).toContain('3 settings are missing or invalid');
    expect(stderr).not.toContain('SLACK_SIGNING_SECRET');
  });

  it('should serve Slack, /healthz and /metrics, log JSON lines, and stop cleanly on SIGTERM', async () => {
    const { port, url, output, stopped } = await startBot();

    const sender = new SlackRequestSender({
      url: `${url}/slack/events`,
      signingSecret: SECRET,
      fakeSlack: slack,
    });
    const help = await sender.slashCommand({ userId: 'U0SOMEONE1', text: 'help' });
    expect(help.json).toMatchObject({ response_type: 'ephemeral' });
    // Not a bot admin, whatever the stray .env's ACCESS_ADMINS says (the answer comes by response_url).
    await sender.slashCommand({ userId: 'UBOGUS', text: 'invites' });
    expect(await firstResponse(slack)).toMatchObject({
      text: 'Only bot admins can list invites: none are configured (ACCESS_ADMINS).',
    });
    // Prometheus scrapes the same port: the two commands above are counted.
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('access_bot_slack_requests_total{kind="command"} 2');

    child?.kill('SIGTERM');
    expect(await stopped).toBe(0);
    const lines = jsonLines(output.stdout);
    // HTTP mode and info lines, whatever the stray .env's SLACK_APP_TOKEN and LOG_LEVEL=error say.
    expect(lines.some((l) => l.msg.includes(`listening on port ${port}`))).toBe(true);
    expect(lines.some((l) => l.msg.includes('SIGTERM'))).toBe(true);
    expect(output.stdout).not.toContain(openai.adminKey);
  });

  it('should run in Socket Mode without a signing secret: /healthz on PORT, /access over the socket, SIGTERM stops it', async () => {
    const { url, output, stopped } = await startBot({
      env: { SLACK_APP_TOKEN: FAKE_APP_TOKEN, SLACK_SIGNING_SECRET: '' },
    });
    await slack.socketMode.connected(1);
    const events = await fetch(`${url}/slack/events`, { method: 'POST', body: 'command=%2Faccess' });
    expect(events.status).toBe(404);

    const sender = new SlackRequestSender({
      url: '',
      signingSecret: '',
      fakeSlack: slack,
      transport: slack.socketMode.transport,
    });
    const help = await sender.slashCommand({ userId: 'U0SOMEONE1', text: 'help' });
    expect(help.json).toMatchObject({ response_type: 'ephemeral' });

    child?.kill('SIGTERM');
    expect(await stopped).toBe(0);
    const lines = jsonLines(output.stdout);
    expect(lines.some((l) => l.msg === 'Bot running in Socket Mode')).toBe(true);
    expect(lines.some((l) => l.msg.includes('SIGTERM'))).toBe(true);
    expect(output.stdout).not.toContain(FAKE_APP_TOKEN);
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
 * Starts the fakes and `npm start` on them, in a working directory with a stray `.env`, and waits
 * until the bot answers /healthz. `before` prepares the fake Slack before the bot's first call.
 */
async function startBot(
  options: { before?: (fakeSlack: FakeSlack) => void; env?: Record<string, string> } = {},
) {
  slack = await startFakeSlack();
  openai = await startFakeOpenAIAdmin();
  options.before?.(slack);
  dataDir = workingDirectoryWithStrayDotenv();
  const port = await freePort();
  const started = spawn(process.execPath, npmStartCommand(), {
    cwd: dataDir,
    env: controlledEnv({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_ADMIN_KEY: openai.adminKey,
      OPENAI_BASE_URL: openai.baseURL,
      DATABASE_URL: `sqlite:${join(dataDir, 'bot.sqlite')}`,
      PORT: String(port),
      ...options.env,
    }),
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
