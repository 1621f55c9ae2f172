import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot } from '../../src/bot.js';
import { type Config, loadConfig } from '../../src/config.js';
import { startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { startFakeSlack } from '../fakes/fake-slack.js';
import type { FakeSlackSocketMode } from '../fakes/fake-slack-socket.js';
import { SlackRequestSender } from '../fakes/slack-request-sender.js';
import { type Harness, secretsIn } from './harness.js';
import { ManualClock } from './manual-clock.js';
import { createTestDatabase } from './test-database.js';

export interface SocketHarness extends Harness {
  /** The fake Slack's Socket Mode side: connections, envelopes, acks, `disconnect()`. */
  socket: FakeSlackSocketMode;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The harness of `harness.ts` with the bot in Socket Mode: `SLACK_APP_TOKEN` set, no signing secret,
 * nothing served at /slack/events. The bot opens its connection through the fake Slack's
 * `apps.connections.open`; `sender` builds the same requests as over HTTP and delivers them as envelopes
 * on that WebSocket, answering with the bot's ack. `url` is `PORT`'s HTTP server (`/healthz`).
 */
export async function startSocketHarness(
  options: { env?: Record<string, string>; now?: string } = {},
): Promise<SocketHarness> {
  const clock = new ManualClock(options.now ?? '2026-11-23T10:00:00Z');
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin({ now: () => Math.floor(clock.now().getTime() / 1000) });
  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-socket-test-'));
  const database = await createTestDatabase(dataDir);
  const logs: string[] = [];
  const sender = new SlackRequestSender({
    url: '',
    signingSecret: '',
    fakeSlack: slack,
    transport: slack.socketMode.transport,
  });

  const boot = async () => {
    const port = await freePort();
    const config: Config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-fake-token',
      SLACK_APP_TOKEN: slack.socketMode.appToken,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_ADMIN_KEY: openai.adminKey,
      OPENAI_BASE_URL: openai.baseURL,
      DATABASE_URL: database.url,
      PORT: String(port),
      LOG_LEVEL: 'debug',
      ...options.env,
    });
    const bot = await createBot(config, {
      clock,
      slackRetries: 0,
      adminRetries: 2,
      logWrite: (line) => logs.push(line),
    });
    // Resolves once the fake Slack said `hello` on the new connection.
    const server = await bot.start(undefined, { sweeps: false });
    if (server) throw new Error('the socket harness needs Socket Mode, but the bot started an HTTP receiver');
    return { bot, config, url: `http://127.0.0.1:${port}` };
  };

  const harness: SocketHarness = {
    ...(await boot()),
    slack,
    openai,
    sender,
    clock,
    logs,
    socket: slack.socketMode,
    person({ slackId, name, email, orgMember = true }) {
      const address = email ?? `${name.toLowerCase().replaceAll(' ', '.')}@uni.example`;
      slack.addUser({ id: slackId, name, email: address, realName: name });
      const orgUser = orgMember ? openai.state.addUser({ email: address, name, role: 'reader' }) : undefined;
      return { slackId, email: address, name, ...(orgUser ? { orgUserId: orgUser.id } : {}) };
    },
    async settle(sending) {
      const answer = await sending;
      await harness.bot.idle();
      return answer;
    },
    async restart() {
      await harness.bot.stop();
      Object.assign(harness, await boot());
    },
    async close() {
      await harness.bot.stop().catch(() => undefined);
      await Promise.all([slack.close(), openai.close(), database.drop()]);
      rmSync(dataDir, { recursive: true, force: true });
      const secrets = [openai.adminKey, 'xoxb-fake-token', slack.socketMode.appToken];
      const leaks = secretsIn(logs, secrets);
      if (leaks.length > 0) throw new Error(`A secret reached the logs:\n${leaks.slice(0, 3).join('\n')}`);
    },
  };
  return harness;
}
