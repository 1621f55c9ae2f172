/**
 * The stage `npm run demo` plays on: the people, the local fakes of Slack and of OpenAI's Admin API,
 * the real bot (`createBot`, the same wiring as production) on a clock the story moves, and the few
 * ways the story drives the bot: only through signed HTTP into `/slack/events`, the way Slack does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bot, createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { type SlackHttpAnswer, SlackRequestSender } from '../fakes/slack-request-sender.js';
import { ManualClock } from '../support/manual-clock.js';
import { requestFormValues } from '../support/request-form.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Not secrets: the fakes accept these and nothing else. The demo checks the key never reaches Slack. */
const SIGNING_SECRET = 'demo-signing-secret-0123456789';
export const DEMO_ADMIN_KEY = 'sk-admin-demo-0123456789-not-a-real-key';

/** Where the bot nudges the admins about stalled invites (and posts budget alerts). */
export const ADMIN_CHANNEL = { id: 'C0ADMINS01', name: 'openai-admins' };
export const STALL_AFTER_HOURS = 48;
/** A Monday morning, so the story's dates (and the budget's numbers) are the same on every run. */
const STORY_STARTS = '2026-11-16T09:00:00Z';

export interface Person {
  slackId: string;
  name: string;
  email: string;
  /** Whether the person has already accepted an OpenAI org invite. */
  orgMember: boolean;
}

export const OLGA: Person = {
  slackId: 'U0OLGA0001',
  name: 'Olga Owner',
  email: 'olga.owner@uni.example',
  orgMember: true,
};
export const ADA: Person = {
  slackId: 'U0ADA00001',
  name: 'Ada Admin',
  email: 'ada.admin@uni.example',
  orgMember: true,
};
export const RITA: Person = {
  slackId: 'U0RITA0001',
  name: 'Rita Researcher',
  email: 'rita.researcher@uni.example',
  orgMember: true,
};
export const NINA: Person = {
  slackId: 'U0NINA0001',
  name: 'Nina Newcomer',
  email: 'nina.newcomer@uni.example',
  orgMember: false,
};
export const PAUL: Person = {
  slackId: 'U0PAUL0001',
  name: 'Paul Postdoc',
  email: 'paul.postdoc@uni.example',
  orgMember: true,
};

/** Everything one run of the demo holds; closed by `stopWorld`. */
export interface World {
  slack: FakeSlack;
  openai: FakeOpenAIAdmin;
  /** The bot's "now", and the fake OpenAI's: the story moves it (two days for a stalled invite). */
  clock: ManualClock;
  dataDir: string;
  /** A SQLite file in dataDir, or a fresh PostgreSQL database when TEST_DATABASE_URL is set. */
  database: TestDatabase;
  bot?: Bot;
  sender?: SlackRequestSender;
  projects: { proteinFolding: string; climateModels: string };
  print: (line: string) => void;
  screens: string[];
}

export async function startWorld(print: (line: string) => void): Promise<World> {
  const clock = new ManualClock(STORY_STARTS);
  const slack = await startFakeSlack();
  slack.addChannel(ADMIN_CHANNEL);
  const openai = await startFakeOpenAIAdmin({
    adminKey: DEMO_ADMIN_KEY,
    now: () => clock.now().getTime() / 1000,
  });
  const state = openai.state;
  const proteinFolding = state.addProject({ name: 'Protein Folding' }).id;
  const climateModels = state.addProject({ name: 'Climate Models' }).id;
  // Shown to prove the form leaves it out (the Default project exists in every fake org already).
  state.addProject({ name: 'Old Pilot 2024', status: 'archived' });

  for (const person of [OLGA, ADA, RITA, NINA, PAUL]) {
    slack.addUser({ id: person.slackId, name: person.name, realName: person.name, email: person.email });
    if (person.orgMember) state.addUser({ email: person.email, name: person.name, role: 'reader' });
  }
  const olgaId = state.userByEmail(OLGA.email)?.id as string;
  state.addProjectUser(proteinFolding, olgaId, 'owner');
  state.addProjectUser(climateModels, olgaId, 'owner');

  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-demo-'));
  const database = await createTestDatabase(dataDir);
  const world: World = {
    slack,
    openai,
    clock,
    dataDir,
    database,
    projects: { proteinFolding, climateModels },
    print,
    screens: [],
  };
  await startBot(world);
  return world;
}

export async function stopWorld(world: World): Promise<void> {
  await world.bot?.stop().catch(() => undefined);
  await Promise.all([world.slack.close(), world.openai.close(), world.database.drop()]);
  rmSync(world.dataDir, { recursive: true, force: true });
}

/** The production start-up path: environment → `loadConfig` → `createBot` → Bolt's HTTP receiver. */
async function startBot(world: World): Promise<void> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: world.slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: world.slack.apiUrl,
    OPENAI_ADMIN_KEY: world.openai.adminKey,
    OPENAI_BASE_URL: world.openai.baseURL,
    DATABASE_URL: world.database.url,
    ACCESS_ADMINS: ADA.slackId,
    ADMIN_CHANNEL: ADMIN_CHANNEL.id,
    STALL_AFTER_HOURS: String(STALL_AFTER_HOURS),
    LOG_LEVEL: 'warn',
  });
  // No Slack retries: a failing call should show up in the demo at once, not after a back-off.
  world.bot = await createBot(config, { clock: world.clock, slackRetries: 0 });
  // Sweeps run when the story says so, not on a timer.
  const server = await world.bot.start(0, { sweeps: false });
  if (!server) throw new Error('the demo needs HTTP mode, not Socket Mode');
  const port = (server.address() as AddressInfo).port;
  world.sender = new SlackRequestSender({
    url: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    fakeSlack: world.slack,
  });
}

// ---- driving the bot the way Slack does -----------------------------------------------------------------

export function bot(world: World): Bot {
  if (!world.bot) throw new Error('the bot has not started');
  return world.bot;
}

export function sender(world: World): SlackRequestSender {
  if (!world.sender) throw new Error('the bot has not started');
  return world.sender;
}

/** Sends, then waits for the work listeners do after answering Slack (Slack wants an answer within 3 s). */
export async function send(world: World, sending: Promise<SlackHttpAnswer>): Promise<SlackHttpAnswer> {
  const answer = await sending;
  await bot(world).idle();
  if (answer.status !== 200) throw new Error(`the bot answered HTTP ${answer.status}: ${answer.text}`);
  return answer;
}

/** Types `/access <text>` as this person. */
export function command(world: World, who: Person, text: string): Promise<SlackHttpAnswer> {
  return send(world, sender(world).slashCommand({ userId: who.slackId, text }));
}

// biome-ignore lint/suspicious/noExplicitAny: Block Kit views are free-form JSON, as in the fake.
export function lastOpenedView(world: World): any {
  const opened = world.slack.openedViews.at(-1);
  if (!opened) throw new Error('the bot opened no form');
  return world.slack.view(opened.id);
}

/** Submits the modal open last, as this person, with these `view.state.values`; it must close or update. */
export async function submitView(
  world: World,
  who: Person,
  values: Record<string, Record<string, unknown>>,
): Promise<SlackHttpAnswer> {
  const view = lastOpenedView(world);
  const answer = await send(world, sender(world).viewSubmissionOf({ userId: who.slackId, view, values }));
  // A form with field errors stays open; the story cannot go on from there.
  if ((answer.json as { response_action?: string } | undefined)?.response_action === 'errors') {
    throw new Error(`the form was refused: ${answer.text}`);
  }
  return answer;
}

/** `/access request <project>` is typed first; this fills in and sends the form it opened. */
export async function submitRequestForm(
  world: World,
  who: Person,
  projectId: string,
  justification: string,
  endDate: string | undefined,
): Promise<void> {
  await submitView(world, who, requestFormValues({ projectId, role: 'member', justification, endDate }));
}

/** Clicks the button in the person's newest DM that carries it; returns that message, as it is now. */
export async function clickInDm(world: World, who: Person, actionId: string): Promise<FakeMessage> {
  const message = world.slack
    .dmsTo(who.slackId)
    .findLast((m) => buttonValue(m.blocks, actionId) !== undefined);
  const value = message && buttonValue(message.blocks, actionId);
  if (!message || !value) throw new Error(`${who.name} has no [${actionId}] button to click`);
  await send(
    world,
    sender(world).blockAction({ userId: who.slackId, actionId, value, messageTs: message.ts }),
  );
  return world.slack.findMessage(message.ts) ?? message;
}

export function buttonValue(blocks: unknown[] | undefined, actionId: string): string | undefined {
  for (const block of (blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value) return button.value;
  }
  return undefined;
}
