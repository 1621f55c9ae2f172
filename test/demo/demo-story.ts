/**
 * The story `npm run demo` tells: the real bot against the local fakes of Slack and of OpenAI's Admin
 * API (the stage is in demo-world.ts), driven only through signed HTTP into `/slack/events`, the way
 * Slack drives it. After each step it prints what each person would see in Slack, rendered as text
 * (demo-screens.ts), so a newcomer without a Slack workspace or an OpenAI organization sees the bot work:
 * a request approved and applied, a newcomer invited, nudged when the invite stalls and added once she
 * accepts, a request denied with a reason, a project's budget, and the App Home.
 */
import { addMonths } from 'date-fns/addMonths';
import { ActionIds, DenyModalFields } from '../../src/slack/ids.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { plainText } from '../fakes/slack-request-sender.js';
import { budgetFormValues } from '../support/budget-form.js';
import {
  dmMarks,
  idsAsPlaceholders,
  narrate,
  show,
  showInvites,
  showLastAnswer,
  showMessage,
  showNewDms,
  showProjectMembers,
  showText,
  showView,
  step,
  tally,
} from './demo-screens.js';
import {
  ADA,
  ADMIN_CHANNEL,
  bot,
  clickInDm,
  command,
  lastOpenedView,
  NINA,
  OLGA,
  PAUL,
  type Person,
  RITA,
  STALL_AFTER_HOURS,
  send,
  sender,
  startWorld,
  stopWorld,
  submitRequestForm,
  submitView,
  type World,
} from './demo-world.js';

export { DEMO_ADMIN_KEY } from './demo-world.js';

export interface DemoSummary {
  /** Rita's request ended `applied`, and OpenAI lists her as a member of Protein Folding. */
  ritaApplied: boolean;
  /** Nina's request ended `applied` after she accepted her invite, and OpenAI lists her in Climate Models. */
  ninaApplied: boolean;
  /** Paul's request ended `denied`, and OpenAI does not list him in Protein Folding. */
  paulDenied: boolean;
  /** Messages in Olga's DM (thread replies not counted) about Nina's request: one, updated in place. */
  olgaDmsAboutNina: number;
  /** How many Admin API calls the bot made. */
  adminCalls: number;
  /** How many Slack Web API calls the bot made. */
  slackCalls: number;
  /** Every screen printed, header first. */
  screens: string[];
}

export const RITA_JUSTIFICATION =
  'Fine-tuning a structure predictor for my thesis; about 200 evaluation runs on the new benchmark.';
const NINA_JUSTIFICATION = 'Downscaling regional rainfall projections for the EU project deliverable.';
const PAUL_JUSTIFICATION = 'Trying a few prompts for a side project on lab notebooks.';
export const DENY_REASON =
  "Protein Folding's budget is for thesis runs this term; the Sandbox project is open for side projects.";
export const SOFT_BUDGET = '400';

export async function runDemo(print: (line: string) => void): Promise<DemoSummary> {
  const world = await startWorld(print);
  try {
    narrate(world, 'Projects: Protein Folding, Climate Models, an archived one and the Default project.');
    narrate(
      world,
      'Olga owns both; Ada is a bot admin; Rita and Paul are in the OpenAI org; Nina is not yet.',
    );
    narrate(world, `It is ${whenIs(world)}.`);

    await ritaOpensTheForm(world);
    await ritaSubmits(world);
    await olgaApprovesRita(world);
    await ninaIsInvited(world);
    await ninasInviteStalls(world);
    await ninaAccepts(world);
    await olgaDeniesPaul(world);
    await olgaChecksTheBudget(world);
    await anyoneAsksForHelp(world);
    return await summarize(world);
  } finally {
    await stopWorld(world);
  }
}

async function ritaOpensTheForm(world: World): Promise<void> {
  step(world, 1, 'Rita types `/access request Protein Folding`');
  await command(world, RITA, 'request Protein Folding');
  showView(world, `${RITA.name} sees (a form opens)`, lastOpenedView(world));
}

async function ritaSubmits(world: World): Promise<void> {
  step(world, 2, 'Rita submits the form: Member, a justification, access until three months from now');
  const dms = dmMarks(world, [OLGA, RITA, ADA]);
  const inThreeMonths = addMonths(world.clock.now(), 3).toISOString().slice(0, 10);
  await submitRequestForm(world, RITA, world.projects.proteinFolding, RITA_JUSTIFICATION, inThreeMonths);
  showNewDms(world, dms);
}

async function olgaApprovesRita(world: World): Promise<void> {
  step(world, 3, 'Olga clicks [ Approve ] in her DM');
  const dms = dmMarks(world, [RITA, OLGA]);
  const ritasCopy = world.slack
    .dmsTo(RITA.slackId)
    .findLast((m) => m.blocks && JSON.stringify(m.blocks).includes(ActionIds.cancelRequest));
  const request = await clickInDm(world, OLGA, ActionIds.approveRequest);
  showMessage(world, `${OLGA.name} sees (her DM, updated in place)`, request);
  // Every copy of the request follows its state, the requester's own included.
  const ritasCopyNow = ritasCopy && world.slack.findMessage(ritasCopy.ts);
  if (ritasCopyNow) showMessage(world, `${RITA.name} sees (her request, updated in place)`, ritasCopyNow);
  showNewDms(world, dms);
  showProjectMembers(world, world.projects.proteinFolding, 'Protein Folding');
}

async function ninaIsInvited(world: World): Promise<void> {
  step(world, 4, 'Nina, not yet in the OpenAI organization, asks for Climate Models; Olga approves');
  await command(world, NINA, 'request Climate Models');
  await submitRequestForm(world, NINA, world.projects.climateModels, NINA_JUSTIFICATION, undefined);
  const dms = dmMarks(world, [NINA, OLGA]);
  const request = await clickInDm(world, OLGA, ActionIds.approveRequest);
  // Olga's copy says it all (when the invite went out, when it expires): no second DM repeats it.
  showMessage(world, `${OLGA.name} sees (her DM, updated in place)`, request);
  showNewDms(world, dms);
  showInvites(world);
}

async function ninasInviteStalls(world: World): Promise<void> {
  step(world, 5, `Two days pass and Nina has not accepted: the invite sweep finds it stalled`);
  world.clock.advance((STALL_AFTER_HOURS + 1) * 3600_000);
  narrate(world, `It is ${whenIs(world)}.`);
  const dms = dmMarks(world, [NINA, OLGA]);
  const report = await bot(world).jobs.invites.run();
  await bot(world).idle();
  narrate(world, `Sweep: ${report.nudged} stalled invite, the admins nudged.`);
  showMessage(world, `#${ADMIN_CHANNEL.name} sees (the bot admins' channel)`, adminCard(world));
  showNewDms(world, dms);

  narrate(world, 'Ada opens the bot in Slack: its Home tab.');
  await send(world, sender(world).appHomeOpened({ userId: ADA.slackId }));
  showHome(world, ADA);
}

async function ninaAccepts(world: World): Promise<void> {
  step(world, 6, 'Nina finds the invite in her spam folder and accepts it; the invite sweep runs again');
  const invite = world.openai.state.invites().find((i) => i.email === NINA.email && i.status === 'pending');
  if (!invite) throw new Error(`the bot did not invite ${NINA.email}`);
  world.openai.state.acceptInvite(invite.id, { name: NINA.name });
  const dms = dmMarks(world, [NINA, OLGA]);
  const report = await bot(world).jobs.invites.run();
  await bot(world).idle();
  narrate(world, `Sweep: ${report.accepted} invite accepted, ${report.applied} request applied.`);
  showNewDms(world, dms);
  showMessage(world, `#${ADMIN_CHANNEL.name} sees (the card, updated in place)`, adminCard(world));
  showProjectMembers(world, world.projects.climateModels, 'Climate Models');
}

async function olgaDeniesPaul(world: World): Promise<void> {
  step(
    world,
    7,
    'Paul asks for Protein Folding; Olga looks at her Home tab, clicks [ Deny ] and gives a reason',
  );
  await command(world, PAUL, 'request Protein Folding');
  await submitRequestForm(world, PAUL, world.projects.proteinFolding, PAUL_JUSTIFICATION, undefined);
  await send(world, sender(world).appHomeOpened({ userId: OLGA.slackId }));
  showHome(world, OLGA);

  const dms = dmMarks(world, [PAUL, OLGA]);
  const paulsCopy = world.slack.dmsTo(PAUL.slackId).at(-1);
  const olgasCopy = await clickInDm(world, OLGA, ActionIds.denyRequest);
  showView(world, `${OLGA.name} sees (a form opens)`, lastOpenedView(world));
  const { block, action } = DenyModalFields.reason;
  await submitView(world, OLGA, { [block]: { [action]: plainText(DENY_REASON) } });
  showMessage(world, `${OLGA.name} sees (her DM, updated in place)`, current(world, olgasCopy));
  if (paulsCopy)
    showMessage(world, `${PAUL.name} sees (his request, updated in place)`, current(world, paulsCopy));
  showNewDms(world, dms);
}

async function olgaChecksTheBudget(world: World): Promise<void> {
  step(world, 8, 'Ada sets a soft budget for Protein Folding; Olga types `/access budget Protein Folding`');
  seedCosts(world);
  narrate(world, 'OpenAI reports Protein Folding spending since the 1st; its hard limit is $600 a month.');
  await command(world, ADA, 'budget set Protein Folding');
  await submitView(world, ADA, budgetFormValues({ amount: SOFT_BUDGET }));
  showView(world, `${ADA.name} sees (the budget form, saved)`, lastOpenedView(world));
  await command(world, OLGA, 'budget Protein Folding');
  showLastAnswer(world, OLGA);
}

async function anyoneAsksForHelp(world: World): Promise<void> {
  step(world, 9, 'Rita types `/access help`');
  const answer = await command(world, RITA, 'help');
  const text = (answer.json as { text?: string } | undefined)?.text ?? answer.text;
  showText(world, `${RITA.name} sees (only visible to you)`, text);
}

async function summarize(world: World): Promise<DemoSummary> {
  const { openai, slack } = world;
  const statuses = await bot(world)
    .db.selectFrom('access_requests')
    .select(['requester_slack_id', 'status'])
    .execute();
  const ended = (person: Person, status: string) =>
    statuses.some((r) => r.requester_slack_id === person.slackId && r.status === status);
  const member = (person: Person, projectId: string) =>
    openai.state.projectUsers(projectId).some((u) => u.email === person.email);

  step(world, 10, 'What the bot did behind the scenes');
  show(
    world,
    `Admin API calls (${openai.calls.length})`,
    tally(openai.calls.map((c) => `${c.method} ${idsAsPlaceholders(c.path)}`)),
  );
  show(world, `Slack Web API calls (${slack.calls.length})`, tally(slack.calls.map((c) => c.method)));
  return {
    ritaApplied: ended(RITA, 'applied') && member(RITA, world.projects.proteinFolding),
    ninaApplied: ended(NINA, 'applied') && member(NINA, world.projects.climateModels),
    paulDenied: ended(PAUL, 'denied') && !member(PAUL, world.projects.proteinFolding),
    olgaDmsAboutNina: slack
      .dmsTo(OLGA.slackId)
      .filter((m) => !m.threadTs || m.threadTs === m.ts)
      .filter((m) => JSON.stringify([m.text, m.blocks]).includes(NINA.slackId)).length,
    adminCalls: openai.calls.length,
    slackCalls: slack.calls.length,
    screens: world.screens,
  };
}

// ---- small helpers of the story -------------------------------------------------------------------------

/** The bot's one card about Nina's invite in the admins' channel (later news goes in its thread). */
function adminCard(world: World): FakeMessage {
  const card = world.slack.messages(ADMIN_CHANNEL.id).find((m) => !m.threadTs || m.threadTs === m.ts);
  if (!card) throw new Error(`the bot posted nothing in #${ADMIN_CHANNEL.name}`);
  return card;
}

function showHome(world: World, who: Person): void {
  const home = world.slack.homeViews(who.slackId).at(-1);
  if (!home) throw new Error(`the bot published no Home tab for ${who.name}`);
  showView(world, `${who.name} sees (the bot's Home tab)`, home);
}

function current(world: World, message: FakeMessage): FakeMessage {
  return world.slack.findMessage(message.ts) ?? message;
}

/** What OpenAI's costs report says Protein Folding spent: $14.25 on each whole day since the 1st (UTC). */
function seedCosts(world: World): void {
  const { proteinFolding } = world.projects;
  const now = world.clock.now();
  const DAY = 86_400_000;
  for (
    let day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    day + DAY <= now.getTime();
    day += DAY
  ) {
    world.openai.state.setDailyCost(proteinFolding, day / 1000, 14.25);
  }
  world.openai.state.setSpendLimit(proteinFolding, { thresholdCents: 60_000 });
}

/** "Monday 16 November 2026, 09:00 UTC": the story's clock, in UTC wherever the demo runs. */
function whenIs(world: World): string {
  const utc = { timeZone: 'UTC' } as const;
  const now = world.clock.now();
  const day = now.toLocaleDateString('en-GB', {
    ...utc,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  return `${day.replace(',', '')}, ${now.toISOString().slice(11, 16)} UTC`;
}
