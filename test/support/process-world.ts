import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, type Db } from '../../src/db/database.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { type BotProcess, SharedClock, startBotProcess } from './bot-process.js';
import type { Person } from './harness.js';
import { requestFormValues } from './request-form.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

const SIGNING_SECRET = 'process-world-signing-secret';

/**
 * The fakes of Slack and the Admin API in the test process, one database, a clock every process
 * reads, and as many real bot processes on them as a test boots: the harness, for tests that need
 * separate processes (replicas, crashes) instead of one bot in the test's own process.
 */
export interface ProcessWorld {
  slack: FakeSlack;
  openai: FakeOpenAIAdmin;
  clock: SharedClock;
  database: TestDatabase;
  /** A Slack user and, unless `orgMember: false`, the matching OpenAI org user. */
  person(input: { slackId: string; name: string; orgMember?: boolean }): Person;
  /** Starts a bot process with the world's settings plus `env` (e.g. CRASH_AT). */
  boot(env?: Record<string, string>): Promise<BotProcess>;
  /** The test's own connection to the bots' database; open it after a bot has migrated it. */
  db(): Promise<Db>;
  /** Sends through `bot`, then waits until it finished the work it does after acking. */
  settle<T>(bot: BotProcess, sending: Promise<T>): Promise<T>;
  /** `/access request <project>` through `via`, then submits the form; returns the new request's id. */
  submitRequest(via: BotProcess, who: Person, project: { id: string; name: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startProcessWorld(
  options: { env?: Record<string, string>; now?: string } = {},
): Promise<ProcessWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-processes-'));
  const clock = new SharedClock(options.now ?? '2026-11-23T10:00:00Z', join(dataDir, 'clock'));
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin({ now: () => Math.floor(clock.now().getTime() / 1000) });
  const database = await createTestDatabase(dataDir);
  const processes: BotProcess[] = [];
  let reader: Promise<Db> | undefined;

  const world: ProcessWorld = {
    slack,
    openai,
    clock,
    database,
    person({ slackId, name, orgMember = true }) {
      const email = `${name.toLowerCase().replaceAll(' ', '.')}@uni.example`;
      slack.addUser({ id: slackId, name, email, realName: name });
      const orgUser = orgMember ? openai.state.addUser({ email, name, role: 'reader' }) : undefined;
      return { slackId, email, name, ...(orgUser ? { orgUserId: orgUser.id } : {}) };
    },
    async boot(env = {}) {
      const bot = await startBotProcess({
        env: {
          SLACK_BOT_TOKEN: slack.botToken,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
          OPENAI_ADMIN_KEY: openai.adminKey,
          OPENAI_BASE_URL: openai.baseURL,
          DATABASE_URL: database.url,
          ...options.env,
          ...env,
        },
        clock,
        fakeSlack: slack,
        signingSecret: SIGNING_SECRET,
      });
      processes.push(bot);
      return bot;
    },
    db() {
      reader ??= connectDatabase(database.url);
      return reader;
    },
    async settle(bot, sending) {
      const answer = await sending;
      await bot.idle();
      return answer;
    },
    async submitRequest(via, who, project) {
      await world.settle(
        via,
        via.sender.slashCommand({ userId: who.slackId, text: `request ${project.name}` }),
      );
      const view = slack.view(slack.openedViews.at(-1)?.id as string);
      const values = requestFormValues({
        projectId: project.id,
        role: 'member',
        justification: 'Thesis evaluation runs.',
      });
      await world.settle(via, via.sender.viewSubmissionOf({ userId: who.slackId, view, values }));
      const row = await (await world.db())
        .selectFrom('access_requests')
        .select('id')
        .where('requester_slack_id', '=', who.slackId)
        .where('project_id', '=', project.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async close() {
      await Promise.all(processes.map((bot) => bot.stop()));
      await (await reader)?.destroy();
      await Promise.all([slack.close(), openai.close()]);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}
