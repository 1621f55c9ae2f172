import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bot, type BotOptions, createBot } from '../../src/bot.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { SlackRequestSender } from '../fakes/slack-request-sender.js';
import { ManualClock } from './manual-clock.js';
import { createTestDatabase } from './test-database.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface Person {
  slackId: string;
  email: string;
  name: string;
  /** The org user id in the fake Admin API, when they are an org member. */
  orgUserId?: string;
}

export interface Harness {
  bot: Bot;
  slack: FakeSlack;
  openai: FakeOpenAIAdmin;
  sender: SlackRequestSender;
  clock: ManualClock;
  url: string;
  config: Config;
  /** Every JSON log line the bot wrote, across restarts. */
  logs: string[];
  /** A Slack user and, unless `orgMember: false`, the matching OpenAI org user. */
  person(input: { slackId: string; name: string; email?: string; orgMember?: boolean }): Person;
  /** Sends, then waits until every listener finished the work it does after acking. */
  settle<T>(sending: Promise<T>): Promise<T>;
  /** Stops the bot and starts a new process-equivalent on the same database file. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real bot (same wiring as production) against the local fakes of Slack and the Admin API,
 * on a database of its own (a SQLite file, or a fresh PostgreSQL database with TEST_DATABASE_URL), with a
 * clock the test moves.
 */
export async function startHarness(
  options: { env?: Record<string, string>; now?: string; bot?: Partial<BotOptions> } = {},
): Promise<Harness> {
  const clock = new ManualClock(options.now ?? '2026-11-23T10:00:00Z');
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin({ now: () => Math.floor(clock.now().getTime() / 1000) });
  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-test-'));
  const database = await createTestDatabase(dataDir);
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-fake-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    OPENAI_ADMIN_KEY: openai.adminKey,
    OPENAI_BASE_URL: openai.baseURL,
    DATABASE_URL: database.url,
    // Debug, so the secret check at close sees as much of what the bot logs as possible.
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];

  const boot = async () => {
    const bot = await createBot(config, {
      clock,
      slackRetries: 0,
      adminRetries: 2,
      logWrite: (line) => logs.push(line),
      ...options.bot,
    });
    const server = await bot.start(0, { sweeps: false });
    if (!server) throw new Error('the harness needs HTTP mode, not Socket Mode');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sender = new SlackRequestSender({
      url: `${url}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fakeSlack: slack,
    });
    return { bot, url, sender };
  };

  const harness: Harness = {
    ...(await boot()),
    slack,
    openai,
    clock,
    config,
    logs,
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
      // Every end-to-end test doubles as a check that no secret reached a log line.
      const leaks = secretsIn(logs, [config.OPENAI_ADMIN_KEY, config.SLACK_BOT_TOKEN, SIGNING_SECRET]);
      if (leaks.length > 0) throw new Error(`A secret reached the logs:\n${leaks.slice(0, 3).join('\n')}`);
    },
  };
  return harness;
}

/** Log lines that contain one of the secrets, or anything shaped like an OpenAI key (sk-…). */
export function secretsIn(lines: readonly string[], secrets: readonly string[]): string[] {
  return lines.filter(
    (line) => secrets.some((secret) => line.includes(secret)) || /sk-[A-Za-z0-9_-]{6,}/.test(line),
  );
}
