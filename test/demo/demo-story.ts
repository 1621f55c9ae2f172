/**
 * The story `npm run demo` tells: the real bot (`createBot`, the same wiring as production) against the
 * local fakes of Slack and of OpenAI's Admin API, driven only through signed HTTP into `/slack/events`,
 * the way Slack drives it. After each step it prints what each person would see in Slack, rendered as
 * text, so a newcomer without a Slack workspace or an OpenAI organization sees the bot work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMonths } from 'date-fns/addMonths';
import { format } from 'date-fns/format';
import { type Bot, createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { ActionIds } from '../../src/slack/ids.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { renderBlocksAsText, renderViewAsText } from '../fakes/render-blocks.js';
import { type SlackHttpAnswer, SlackRequestSender } from '../fakes/slack-request-sender.js';
import { requestFormValues } from '../support/request-form.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

export interface DemoSummary {
  /** Rita's request ended `applied`, and OpenAI lists her as a member of Protein Folding. */
  ritaApplied: boolean;
  /** Nina's request ended `applied` after she accepted her invite, and OpenAI lists her in Climate Models. */
  ninaApplied: boolean;
  /** How many Admin API calls the bot made. */
  adminCalls: number;
  /** How many Slack Web API calls the bot made. */
  slackCalls: number;
  /** Every screen printed, header first. */
  screens: string[];
}

/** Not secrets: the fakes accept these and nothing else. The demo checks the key never reaches Slack. */
const SIGNING_SECRET = 'demo-signing-secret-0123456789';
export const DEMO_ADMIN_KEY = 'sk-admin-demo-0123456789-not-a-real-key';

export const RITA_JUSTIFICATION =
  'Fine-tuning a structure predictor for my thesis; about 200 evaluation runs on the new benchmark.';
const NINA_JUSTIFICATION = 'Downscaling regional rainfall projections for the EU project deliverable.';

interface Person {
  slackId: string;
  name: string;
  email: string;
  /** Whether the person has already accepted an OpenAI org invite. */
  orgMember: boolean;
}

const OLGA: Person = {
  slackId: 'U0OLGA0001',
  name: 'Olga Owner',
  email: 'olga.owner@uni.example',
  orgMember: true,
};
const ADA: Person = {
  slackId: 'U0ADA00001',
  name: 'Ada Admin',
  email: 'ada.admin@uni.example',
  orgMember: true,
};
const RITA: Person = {
  slackId: 'U0RITA0001',
  name: 'Rita Researcher',
  email: 'rita.researcher@uni.example',
  orgMember: true,
};
const NINA: Person = {
  slackId: 'U0NINA0001',
  name: 'Nina Newcomer',
  email: 'nina.newcomer@uni.example',
  orgMember: false,
};

/** Everything one run of the demo holds; closed in `runDemo`'s `finally`. */
interface World {
  slack: FakeSlack;
  openai: FakeOpenAIAdmin;
  dataDir: string;
  /** A SQLite file in dataDir, or a fresh PostgreSQL database when TEST_DATABASE_URL is set. */
  database: TestDatabase;
  bot?: Bot;
  sender?: SlackRequestSender;
  projects: { proteinFolding: string; climateModels: string };
  print: (line: string) => void;
  screens: string[];
}

export async function runDemo(print: (line: string) => void): Promise<DemoSummary> {
  const world = await startFakes(print);
  try {
    await startBot(world);
    narrate(world, 'Projects: Protein Folding, Climate Models, an archived one and the Default project.');
    narrate(world, 'Olga owns both; Ada is a bot admin; Rita is in the OpenAI org; Nina is not yet.');

    await ritaOpensTheForm(world);
    await ritaSubmits(world);
    await olgaApprovesRita(world);
    await ninaIsInvitedAndJoins(world);
    await anyoneAsksForHelp(world);
    return await summarize(world);
  } finally {
    await world.bot?.stop().catch(() => undefined);
    await Promise.all([world.slack.close(), world.openai.close(), world.database.drop()]);
    rmSync(world.dataDir, { recursive: true, force: true });
  }
}

// ---- setting the stage ----------------------------------------------------------------------------------

async function startFakes(print: (line: string) => void): Promise<World> {
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin({ adminKey: DEMO_ADMIN_KEY });
  const state = openai.state;
  const proteinFolding = state.addProject({ name: 'Protein Folding' }).id;
  const climateModels = state.addProject({ name: 'Climate Models' }).id;
  // Shown to prove the form leaves it out (the Default project exists in every fake org already).
  state.addProject({ name: 'Old Pilot 2024', status: 'archived' });

  for (const person of [OLGA, ADA, RITA, NINA]) {
    slack.addUser({ id: person.slackId, name: person.name, realName: person.name, email: person.email });
    if (person.orgMember) state.addUser({ email: person.email, name: person.name, role: 'reader' });
  }
  const olgaId = state.userByEmail(OLGA.email)?.id as string;
  state.addProjectUser(proteinFolding, olgaId, 'owner');
  state.addProjectUser(climateModels, olgaId, 'owner');

  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-demo-'));
  const database = await createTestDatabase(dataDir);
  return {
    slack,
    openai,
    dataDir,
    database,
    projects: { proteinFolding, climateModels },
    print,
    screens: [],
  };
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
    LOG_LEVEL: 'warn',
  });
  // No Slack retries: a failing call should show up in the demo at once, not after a back-off.
  world.bot = await createBot(config, { slackRetries: 0 });
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

// ---- the story ------------------------------------------------------------------------------------------

async function ritaOpensTheForm(world: World): Promise<void> {
  step(world, 1, 'Rita types `/access request Protein Folding`');
  await send(world, sender(world).slashCommand({ userId: RITA.slackId, text: 'request Protein Folding' }));
  showView(world, `${RITA.name} sees (a form opens)`, lastOpenedView(world));
}

async function ritaSubmits(world: World): Promise<void> {
  step(world, 2, 'Rita submits the form: Member, a justification, access until three months from now');
  const dms = dmMarks(world, [OLGA, RITA, ADA]);
  await submitForm(world, RITA, world.projects.proteinFolding, RITA_JUSTIFICATION, threeMonthsFromNow());
  showNewDms(world, dms);
}

async function olgaApprovesRita(world: World): Promise<void> {
  step(world, 3, 'Olga clicks [ Approve ] in her DM');
  const dms = dmMarks(world, [RITA, OLGA]);
  const ritasCopy = world.slack
    .dmsTo(RITA.slackId)
    .findLast((m) => buttonValue(m.blocks, ActionIds.cancelRequest) !== undefined);
  const request = await clickApprove(world, OLGA);
  showMessage(world, `${OLGA.name} sees (her DM, updated in place)`, request);
  // Every copy of the request follows its state, the requester's own included.
  const ritasCopyNow = ritasCopy && world.slack.findMessage(ritasCopy.ts);
  if (ritasCopyNow) showMessage(world, `${RITA.name} sees (her request, updated in place)`, ritasCopyNow);
  showNewDms(world, dms);
  showProjectMembers(world, world.projects.proteinFolding, 'Protein Folding');
}

async function ninaIsInvitedAndJoins(world: World): Promise<void> {
  step(world, 4, 'Nina, not yet in the OpenAI organization, asks for Climate Models; Olga approves');
  await send(world, sender(world).slashCommand({ userId: NINA.slackId, text: 'request Climate Models' }));
  await submitForm(world, NINA, world.projects.climateModels, NINA_JUSTIFICATION, undefined);
  const dms = dmMarks(world, [NINA, OLGA]);
  const request = await clickApprove(world, OLGA);
  showMessage(world, `${OLGA.name} sees (her DM, updated in place)`, request);
  showNewDms(world, dms);
  showInvites(world);

  narrate(world, 'Nina finds the invite email and accepts it in OpenAI; then the invite sweep runs once.');
  const invite = world.openai.state.invites().find((i) => i.email === NINA.email && i.status === 'pending');
  if (!invite) throw new Error(`the bot did not invite ${NINA.email}`);
  world.openai.state.acceptInvite(invite.id, { name: NINA.name });
  const afterAcceptance = dmMarks(world, [NINA, OLGA]);
  const report = await bot(world).jobs.invites.run();
  await bot(world).idle();
  narrate(world, `Sweep: ${report.accepted} invite accepted, ${report.applied} request applied.`);
  showNewDms(world, afterAcceptance);
  showProjectMembers(world, world.projects.climateModels, 'Climate Models');
}

async function anyoneAsksForHelp(world: World): Promise<void> {
  step(world, 5, 'Rita types `/access help`');
  const answer = await send(world, sender(world).slashCommand({ userId: RITA.slackId, text: 'help' }));
  const text = (answer.json as { text?: string } | undefined)?.text ?? answer.text;
  show(world, `${RITA.name} sees (only visible to you)`, renderBlocksAsText(undefined, text, names(world)));
}

async function summarize(world: World): Promise<DemoSummary> {
  const { openai, slack } = world;
  const statuses = await bot(world)
    .db.selectFrom('access_requests')
    .select(['requester_slack_id', 'status'])
    .execute();
  const applied = (person: Person, projectId: string) =>
    statuses.some((r) => r.requester_slack_id === person.slackId && r.status === 'applied') &&
    isProjectMember(world, projectId, person.email);

  step(world, 6, 'What the bot did behind the scenes');
  show(
    world,
    `Admin API calls (${openai.calls.length})`,
    tally(openai.calls.map((c) => `${c.method} ${idsAsPlaceholders(c.path)}`)),
  );
  show(world, `Slack Web API calls (${slack.calls.length})`, tally(slack.calls.map((c) => c.method)));
  return {
    ritaApplied: applied(RITA, world.projects.proteinFolding),
    ninaApplied: applied(NINA, world.projects.climateModels),
    adminCalls: openai.calls.length,
    slackCalls: slack.calls.length,
    screens: world.screens,
  };
}

// ---- driving the bot the way Slack does -----------------------------------------------------------------

function bot(world: World): Bot {
  if (!world.bot) throw new Error('the bot has not started');
  return world.bot;
}

function sender(world: World): SlackRequestSender {
  if (!world.sender) throw new Error('the bot has not started');
  return world.sender;
}

/** Sends, then waits for the work listeners do after answering Slack (Slack wants an answer within 3 s). */
async function send(world: World, sending: Promise<SlackHttpAnswer>): Promise<SlackHttpAnswer> {
  const answer = await sending;
  await bot(world).idle();
  if (answer.status !== 200) throw new Error(`the bot answered HTTP ${answer.status}: ${answer.text}`);
  return answer;
}

// biome-ignore lint/suspicious/noExplicitAny: Block Kit views are free-form JSON, as in the fake.
function lastOpenedView(world: World): any {
  const opened = world.slack.openedViews.at(-1);
  if (!opened) throw new Error('the bot opened no form');
  return world.slack.view(opened.id);
}

async function submitForm(
  world: World,
  who: Person,
  projectId: string,
  justification: string,
  endDate: string | undefined,
): Promise<void> {
  const values = requestFormValues({ projectId, role: 'member', justification, endDate });
  const view = lastOpenedView(world);
  const answer = await send(world, sender(world).viewSubmissionOf({ userId: who.slackId, view, values }));
  // A form with field errors stays open; the story cannot go on from there.
  if (answer.text !== '') throw new Error(`the form was refused: ${answer.text}`);
}

/** Clicks Approve on the approver's newest DM that carries the button; returns that message, as it is now. */
async function clickApprove(world: World, approver: Person): Promise<FakeMessage> {
  const message = world.slack
    .dmsTo(approver.slackId)
    .findLast((m) => buttonValue(m.blocks, ActionIds.approveRequest) !== undefined);
  const requestId = message && buttonValue(message.blocks, ActionIds.approveRequest);
  if (!message || !requestId) throw new Error(`${approver.name} has no request to approve`);
  await send(
    world,
    sender(world).blockAction({
      userId: approver.slackId,
      actionId: ActionIds.approveRequest,
      value: requestId,
      messageTs: message.ts,
    }),
  );
  return world.slack.findMessage(message.ts) ?? message;
}

function buttonValue(blocks: unknown[] | undefined, actionId: string): string | undefined {
  for (const block of (blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value) return button.value;
  }
  return undefined;
}

// ---- what people see ------------------------------------------------------------------------------------

/** How many DMs each person had before a step, so the step can show only what it added. */
function dmMarks(world: World, people: Person[]): Map<Person, number> {
  return new Map(people.map((p) => [p, world.slack.dmsTo(p.slackId).length]));
}

function showNewDms(world: World, marks: Map<Person, number>): void {
  for (const [person, before] of marks) {
    for (const message of world.slack.dmsTo(person.slackId).slice(before)) {
      showMessage(world, `${person.name} sees (DM from OpenAI Access)`, message);
    }
  }
}

function showMessage(world: World, header: string, message: FakeMessage): void {
  show(world, header, renderBlocksAsText(message.blocks, message.text, names(world)));
}

// biome-ignore lint/suspicious/noExplicitAny: see lastOpenedView.
function showView(world: World, header: string, view: any): void {
  show(world, header, renderViewAsText(view, names(world)));
}

/** What an admin would see on platform.openai.com: the project's members, read from the fake's state. */
function showProjectMembers(world: World, projectId: string, projectName: string): void {
  const members = world.openai.state
    .projectUsers(projectId)
    .map((u) => `• ${u.name} <${u.email}>: ${u.role}`);
  show(world, `OpenAI shows (${projectName} › Members)`, members.join('\n'));
}

function showInvites(world: World): void {
  const invites = world.openai.state.invites().map((invite) => {
    const projects = invite.projects
      .map((p) => `${world.openai.state.project(p.id)?.name ?? p.id} (${p.role})`)
      .join(', ');
    return `• ${invite.email}: ${invite.status}, joins ${projects || 'no project'} on acceptance`;
  });
  show(world, 'OpenAI shows (Organization › Invites)', invites.join('\n'));
}

function isProjectMember(world: World, projectId: string, email: string): boolean {
  return world.openai.state.projectUsers(projectId).some((u) => u.email === email);
}

/** `<@U…>` rendered as `@Name`, as Slack shows a mention. */
function names(world: World) {
  return { userName: (id: string) => world.slack.userName(id) };
}

function show(world: World, header: string, body: string): void {
  const screen = `── ${header} ──\n${body}`;
  world.screens.push(screen);
  for (const line of screen.split('\n')) world.print(line);
  world.print('');
}

function step(world: World, n: number, what: string): void {
  world.print('');
  world.print(`━━━ ${n}. ${what} ━━━`);
  world.print('');
}

function narrate(world: World, what: string): void {
  world.print(`   ${what}`);
}

/** `GET /organization/projects/proj_abc/users` → `GET /organization/projects/{project}/users`. */
function idsAsPlaceholders(path: string): string {
  return path
    .replace(/\/proj_[^/]+/g, '/{project}')
    .replace(/\/user-[^/]+/g, '/{user}')
    .replace(/\/invite-[^/]+/g, '/{invite}');
}

function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, count]) => `${String(count).padStart(3)} × ${item}`).join('\n');
}

function threeMonthsFromNow(): string {
  return format(addMonths(new Date(), 3), 'yyyy-MM-dd');
}
