import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { findBudget } from '../../src/db/budgets.js';
import { ActionIds, BudgetModalFields, ViewCallbackIds } from '../../src/slack/ids.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { budgetFormValues } from '../support/budget-form.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';

// Midnight UTC, so days elapsed are whole and the numbers below exact.
const NOW = '2026-11-21T00:00:00Z';
const COSTS = '/organization/costs';
const SPEND_LIMIT = /^\/organization\/projects\/[^/]+\/spend_limit$/;

let h: Harness;
let owner: Person;
let member: Person;
let admin: Person;
let alpha: string;
let beta: string;
let gamma: string;

/** Cost of a project on a UTC day (YYYY-MM-DD), in dollars as OpenAI reports it. */
function cost(projectId: string, day: string, usd: number, lineItem?: string) {
  h.openai.state.setDailyCost(projectId, Date.parse(`${day}T00:00:00Z`) / 1000, usd, lineItem);
}

function costEveryDay(projectId: string, fromDay: number, toDay: number, usd: number) {
  for (let day = fromDay; day <= toDay; day += 1)
    cost(projectId, `2026-11-${String(day).padStart(2, '0')}`, usd);
}

beforeEach(async () => {
  h = await startHarness({ now: NOW, env: { ACCESS_ADMINS: 'UADMIN' } });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  member = h.person({ slackId: 'UMEMBER', name: 'Mia Member' });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  beta = h.openai.state.addProject({ name: 'Beta' }).id;
  gamma = h.openai.state.addProject({ name: 'Gamma' }).id;
  h.openai.state.addProject({ name: 'Idle' });
  h.openai.state.addProjectUser(alpha, owner.orgUserId as string, 'owner');
  h.openai.state.addProjectUser(alpha, member.orgUserId as string, 'member');
  h.openai.state.addProjectUser(beta, owner.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

/** The last private answer the person got, as they would read it. */
function lastAnswer(who: Person): string {
  const answer = h.slack.ephemerals(who.slackId).at(-1);
  if (!answer) throw new Error(`${who.name} got no answer`);
  return renderBlocksAsText(answer.blocks, answer.text);
}

async function command(who: Person, text: string): Promise<string> {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text }));
  return lastAnswer(who);
}

/** `/access budget set <project>`; returns the id of the modal it opened. */
async function openSettings(who: Person, project: string): Promise<string> {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: `budget set ${project}` }));
  const opened = h.slack.openedViews.at(-1);
  if (!opened) throw new Error('no modal was opened');
  return opened.id;
}

async function submitSettings(who: Person, viewId: string, values: Parameters<typeof budgetFormValues>[0]) {
  return h.settle(
    h.sender.viewSubmissionOf({
      userId: who.slackId,
      view: h.slack.view(viewId),
      values: budgetFormValues(values),
    }),
  );
}

async function confirm(who: Person, viewId: string) {
  expect(h.slack.view(viewId).callback_id).toBe(ViewCallbackIds.budgetConfirm);
  return h.settle(h.sender.viewSubmissionOf({ userId: who.slackId, view: h.slack.view(viewId), values: {} }));
}

function viewText(viewId: string): string {
  return renderBlocksAsText(h.slack.view(viewId).blocks);
}

describe('/access budget', () => {
  beforeEach(() => {
    costEveryDay(alpha, 1, 20, 10); // $200 this month
    costEveryDay(beta, 1, 20, 25.5); // $510
    cost(gamma, '2026-11-03', 0.07);
  });

  it('should list every project with spend or a budget to a bot admin, most-used first, from one costs query', async () => {
    const viewId = await openSettings(admin, 'Alpha');
    await submitSettings(admin, viewId, { amount: '400' });
    const costCallsBefore = h.openai.callCount('GET', COSTS);

    const text = await command(admin, 'budget');

    expect(text).toContain('Spend this period, all projects');
    const lines = text.split('\n');
    const order = ['*Beta*', '*Alpha*', '*Gamma*'].map((name) => lines.findIndex((l) => l.startsWith(name)));
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > (order[i - 1] ?? 0)))).toBe(true);
    expect(text).toContain('*Beta* · $510.00 this month · no budget');
    expect(text).toContain('*Alpha* · $200.00 of $400.00 · 50% `█████░░░░░` · resets 1 Dec 2026, in 10 days');
    expect(text).toContain('*Gamma* · $0.07 this month · no budget');
    // Idle and OpenAI's Default project spent nothing and have no budget.
    expect(text).toContain('2 other projects spent nothing and have no budget.');
    expect(h.openai.callCount('GET', COSTS) - costCallsBefore).toBe(1);
    expect(h.openai.calls.at(-1)?.query['project_ids[]']).toBeUndefined();
    expect(h.openai.callCount('GET', SPEND_LIMIT)).toBe(1); // only when the modal showed it
  });

  it('should list only the projects a member belongs to', async () => {
    const text = await command(member, 'budget');
    expect(text).toContain('Spend this period, your projects');
    expect(text).toContain('*Alpha* · $200.00 this month · no budget');
    expect(text).not.toContain('Beta');
    expect(text).not.toContain('Gamma');
  });

  it('should show one project by name in any case: spend, budget, hard limit, forecast over its own period, run-out date, days to reset', async () => {
    // Budget period from the 15th: 15–20 Nov cost $30 a day; the 1st–14th belong to the last period.
    costEveryDay(alpha, 15, 20, 30);
    const viewId = await openSettings(owner, 'Alpha');
    await submitSettings(owner, viewId, { amount: '600', resetDay: 15 });
    h.openai.state.setSpendLimit(alpha, { thresholdCents: 100_000 });

    const text = await command(owner, 'budget aLPHa');

    expect(text).toContain('Alpha: budget');
    expect(text).toContain('*Spent this period:* $180.00 of a $600.00 soft budget (30%)');
    expect(text).toContain('`███░░░░░░░`');
    expect(text).toContain('*Period:* 15 Nov 2026 – 14 Dec 2026 (UTC) · resets 15 Dec 2026, in 24 days');
    expect(text).toContain('*Average per day:* $30.00 over 6 days');
    // Over the budget's own 30 days ($30 × 30), not the calendar month ($320 / 20 days × 30).
    expect(text).toContain('*Forecast at period end:* $900.00 (150% of the budget)');
    expect(text).toContain('*Runs out:* :warning: at this rate on 5 Dec 2026, before the reset');
    expect(text).toContain(
      '*Hard limit (OpenAI):* $1,000.00 a month · $320.00 used this calendar month · not enforcing',
    );
    expect(text).toContain('*Alerts:* at 50%, 75%, 90% and 100% of the budget · sent this period: none yet');
    expect(text).toContain('[ Change budget or hard limit ]');
  });

  it('should make a blocked project impossible to miss', async () => {
    h.openai.state.setSpendLimit(beta, { thresholdCents: 50_000, enforcing: true });
    const text = await command(owner, 'budget Beta');
    expect(text).toContain(
      ":no_entry: *Beta is blocked.* Its OpenAI hard limit is being enforced: requests with the project's keys fail until the limit is raised or removed, or the month ends.",
    );
    expect(text).toContain(':no_entry: *enforcing: the project is blocked*');
    expect(text).toContain('*Spent this month:* $510.00 of a $500.00 hard limit (102%) · no soft budget');
    expect(await command(admin, 'budget')).toContain(
      '*Beta* · $510.00 of a $500.00 hard limit · 102% `██████████` :rotating_light: · no budget · resets 1 Dec 2026, in 10 days · :no_entry: *blocked by its hard limit*',
    );
  });

  it('should measure a project without a soft budget against its hard limit, in the detail and in the list, reading no limit for the list', async () => {
    h.openai.state.setSpendLimit(beta, { thresholdCents: 100_000 });

    const detail = await command(owner, 'budget Beta');
    expect(detail).toContain('*Spent this month:* $510.00 of a $1,000.00 hard limit (51%) · no soft budget');
    expect(detail).toContain('`█████░░░░░`');
    expect(detail).toContain('*Period:* 1 Nov 2026 – 30 Nov 2026 (UTC) · resets 1 Dec 2026, in 10 days');
    expect(detail).toContain(
      '*Hard limit (OpenAI):* $1,000.00 a month · $510.00 used this calendar month · not enforcing',
    );

    const readsBefore = h.openai.callCount('GET', SPEND_LIMIT);
    const list = await command(admin, 'budget');
    expect(list).toContain(
      '*Beta* · $510.00 of a $1,000.00 hard limit · 51% `█████░░░░░` · no budget · resets 1 Dec 2026, in 10 days',
    );
    // Alpha's hard limit was never read: no bar, and no read to find out.
    expect(list).toContain('*Alpha* · $200.00 this month · no budget');
    expect(h.openai.callCount('GET', SPEND_LIMIT)).toBe(readsBefore);
  });

  it('should name the day count the average per day divides by', async () => {
    // Noon on the 21st: 20.5 days of November have passed; $200 on 1–20 Nov and $5 so far today.
    cost(alpha, '2026-11-21', 5);
    h.clock.advance(12 * 3_600_000);
    const text = await command(owner, 'budget Alpha');
    expect(text).toContain('*Spent this month:* $205.00 · no soft budget');
    expect(text).toContain('*Average per day:* $10.00 over 20.5 days');
  });

  it('should answer an unknown project with the closest names, never a trace', async () => {
    expect(await command(owner, 'budget Alpah')).toBe('No project “Alpah”. Did you mean *Alpha*?');
    expect(await command(owner, 'budget Quantum Chemistry')).toBe(
      'No project “Quantum Chemistry”. `/access budget` lists your projects.',
    );
  });

  it('should answer a 10 000-character text with the project it starts with, quoting back only its escaped beginning', async () => {
    const answer = await command(owner, `budget Alpha <!channel> ${'x'.repeat(10_000)}`);
    expect(answer).toBe(`No project “Alpha <!channel> ${'x'.repeat(63)}…”. Did you mean *Alpha*?`);
  });

  it('should not show a project to someone outside it, and offer no button to a member', async () => {
    expect(await command(member, 'budget Beta')).toBe(
      'Only members of *Beta* and bot admins can see its budget. `/access request Beta` asks to join it.',
    );
    expect(await command(member, 'budget Alpha')).not.toContain('[ ');
  });

  it('should say so, privately, when OpenAI cannot be read', async () => {
    h.openai.failNext({ path: COSTS }, { status: 403 });
    expect(await command(admin, 'budget')).toBe(
      'Could not read the budgets. Could not read the costs report (HTTP 403). OpenAI said: "Scripted failure with status 403." The admin key lacks the permission for this; an org owner must grant it.',
    );
  });
});

describe('setting limits', () => {
  it('should save a soft budget from the modal and record it in the audit trail', async () => {
    const viewId = await openSettings(owner, 'alpha');
    expect(h.slack.view(viewId).callback_id).toBe(ViewCallbackIds.budgetSettings);
    expect(viewText(viewId)).toContain('*Hard limit (OpenAI):* none');

    const answer = await submitSettings(owner, viewId, {
      amount: '$1,250.50',
      resetDay: 15,
      thresholds: '80, 100',
    });

    expect(answer.json).toMatchObject({ response_action: 'update' });
    expect(viewText(viewId)).toContain(
      'Soft budget: $1,250.50 per period, starting on day 15 (UTC), alerts at 80% and 100%.',
    );
    expect(await findBudget(h.bot.db, alpha)).toMatchObject({
      amountCents: 125_050,
      resetDay: 15,
      thresholds: [80, 100],
      updatedBy: owner.slackId,
    });
    const [event] = await auditTrailOf(h.bot.db, 'project', alpha);
    expect(event).toMatchObject({ actor: owner.slackId, action: 'budget.set', before_state: null });
    expect(event?.subject_type).toBe('project');
    expect(JSON.parse(event?.after_state ?? '{}')).toEqual({
      amount_cents: 125_050,
      reset_day: 15,
      thresholds: [80, 100],
    });
    expect(h.openai.callCount('POST', SPEND_LIMIT)).toBe(0);
  });

  it('should answer bad amounts with field errors and store nothing', async () => {
    const viewId = await openSettings(owner, 'Alpha');
    const { amount, thresholds, hardLimitAmount } = BudgetModalFields;

    for (const [typed, error] of [
      ['-100', 'The amount cannot be negative.'],
      ['a lot', '“a lot” is not an amount in dollars; write e.g. 500 or 1,250.50.'],
      [
        '100000000',
        'That is more than $10,000,000.00 a month, which is surely a typo. Enter the amount in dollars.',
      ],
      ['', 'Enter the budget per period in dollars, e.g. 500.'],
    ] as const) {
      const answer = await submitSettings(owner, viewId, { amount: typed });
      expect(answer.json).toEqual({ response_action: 'errors', errors: { [amount.block]: error } });
    }
    const both = await submitSettings(owner, viewId, {
      amount: '100',
      thresholds: '50, 500',
      hardLimitAction: 'set',
      hardLimitAmount: '0',
    });
    expect(both.json).toEqual({
      response_action: 'errors',
      errors: {
        [thresholds.block]:
          '“500” is not a percentage from 1 to 200. Write whole percentages, e.g. 50, 75, 90, 100.',
        [hardLimitAmount.block]: 'The amount must be more than $0.',
      },
    });
    expect(await findBudget(h.bot.db, alpha)).toBeUndefined();
    expect(h.openai.callCount('POST', SPEND_LIMIT)).toBe(0);
  });

  it('should not let a member open the form, nor save through a form opened for someone else', async () => {
    const refused = await openSettings(member, 'Alpha');
    expect(viewText(refused)).toBe(
      'Only an owner of Alpha (in OpenAI) or a bot admin can change its budget or hard limit.',
    );
    // A form carrying Alpha's id, submitted by the member: the server decides, not the modal.
    const answer = await h.settle(
      h.sender.viewSubmission({
        userId: member.slackId,
        callbackId: ViewCallbackIds.budgetSettings,
        privateMetadata: JSON.stringify({ projectId: alpha }),
        values: budgetFormValues({ amount: '5', resetDay: 1, hardLimitAction: 'remove' }),
      }),
    );
    expect(answer.json).toEqual({
      response_action: 'errors',
      errors: {
        [BudgetModalFields.amount.block]:
          'Only an owner of Alpha (in OpenAI) or a bot admin can change its budget or hard limit.',
      },
    });
    expect(await findBudget(h.bot.db, alpha)).toBeUndefined();
  });

  it('should check ownership again at submit time: an owner demoted meanwhile is refused', async () => {
    const viewId = await openSettings(owner, 'Alpha');
    h.openai.state.addProjectUser(alpha, owner.orgUserId as string, 'member');
    const answer = await submitSettings(owner, viewId, { amount: '300' });
    expect(answer.json).toMatchObject({ response_action: 'errors' });
    expect(await findBudget(h.bot.db, alpha)).toBeUndefined();
  });

  it('should ask for confirmation before setting a hard limit, warn about customer-facing projects, then set it in OpenAI', async () => {
    const viewId = await openSettings(owner, 'Alpha');
    await submitSettings(owner, viewId, { amount: '500', hardLimitAction: 'set', hardLimitAmount: '400' });

    expect(h.openai.callCount('POST', SPEND_LIMIT)).toBe(0);
    expect(await findBudget(h.bot.db, alpha)).toBeUndefined();
    const question = viewText(viewId);
    expect(question).toContain(':warning: *Set a hard limit of $400.00 a month on Alpha?*');
    expect(question).toContain(
      '*If the project serves customers, that is an outage.* There, a soft budget with alerts is the safe choice.',
    );
    expect(question).toContain(
      'This is below the soft budget of $500.00: the project is cut off before the budget’s alerts reach 100%.',
    );

    await confirm(owner, viewId);

    expect(h.openai.state.spendLimit(alpha)).toMatchObject({ threshold_amount: 40_000, currency: 'USD' });
    expect(viewText(viewId)).toContain(':white_check_mark: Hard limit set in OpenAI: $400.00 a month.');
    expect((await findBudget(h.bot.db, alpha))?.amountCents).toBe(50_000);
    const actions = (await auditTrailOf(h.bot.db, 'project', alpha)).map((e) => e.action);
    expect(actions).toEqual(['budget.set', 'hard_limit.set']);
  });

  it('should replace and then remove a hard limit, each confirmed and audited with what it was before', async () => {
    h.openai.state.setSpendLimit(alpha, { thresholdCents: 20_000 });
    let viewId = await openSettings(admin, 'Alpha');
    expect(viewText(viewId)).toContain('*Hard limit (OpenAI):* $200.00 a month, not enforcing');
    await submitSettings(admin, viewId, { amount: '500', hardLimitAction: 'set', hardLimitAmount: '900' });
    expect(viewText(viewId)).toContain('It replaces the current hard limit of $200.00 a month.');
    await confirm(admin, viewId);
    expect(h.openai.state.spendLimit(alpha)?.threshold_amount).toBe(90_000);

    viewId = await openSettings(admin, 'Alpha');
    await submitSettings(admin, viewId, { hardLimitAction: 'remove' });
    expect(viewText(viewId)).toContain('*Remove the hard limit of $900.00 a month from Alpha?*');
    await confirm(admin, viewId);
    expect(h.openai.state.spendLimit(alpha)).toBeUndefined();
    expect(viewText(viewId)).toContain(':white_check_mark: Hard limit removed in OpenAI.');

    const trail = (await auditTrailOf(h.bot.db, 'project', alpha)).filter((e) =>
      e.action.startsWith('hard_limit'),
    );
    expect(trail.map((e) => [e.action, JSON.parse(e.before_state ?? 'null')?.threshold_cents])).toEqual([
      ['hard_limit.set', 20_000],
      ['hard_limit.removed', 90_000],
    ]);
  });

  it('should refuse a confirmation from someone who lost the right meanwhile, and change nothing', async () => {
    const viewId = await openSettings(owner, 'Alpha');
    await submitSettings(owner, viewId, { amount: '500', hardLimitAction: 'set', hardLimitAmount: '400' });
    h.openai.state.removeProjectUser(alpha, owner.orgUserId as string);
    await confirm(owner, viewId);
    expect(viewText(viewId)).toBe(
      'Only an owner of Alpha (in OpenAI) or a bot admin can change its budget or hard limit.',
    );
    expect(h.openai.state.spendLimit(alpha)).toBeUndefined();
    expect(await findBudget(h.bot.db, alpha)).toBeUndefined();
  });

  it('should say the hard limit was not changed when OpenAI refuses, keeping the soft budget', async () => {
    const viewId = await openSettings(owner, 'Alpha');
    await submitSettings(owner, viewId, { amount: '500', hardLimitAction: 'set', hardLimitAmount: '400' });
    h.openai.failNext({ method: 'POST', path: SPEND_LIMIT }, { status: 403 });
    await confirm(owner, viewId);
    expect(viewText(viewId)).toContain(
      ':x: The hard limit was *not* changed: Could not set the hard limit of',
    );
    expect(h.openai.state.spendLimit(alpha)).toBeUndefined();
    expect((await findBudget(h.bot.db, alpha))?.amountCents).toBe(50_000);
  });

  it('should open the form from the button under a project’s budget', async () => {
    await command(owner, 'budget Alpha');
    await h.settle(
      h.sender.blockAction({ userId: owner.slackId, actionId: ActionIds.editBudget, value: alpha }),
    );
    const opened = h.slack.openedViews.at(-1);
    expect(opened?.view.callback_id).toBe(ViewCallbackIds.budgetSettings);
    expect(renderBlocksAsText(opened?.view.blocks)).toContain('*Alpha*');
  });
});

describe('/access budget export', () => {
  let delta: string;

  beforeEach(() => {
    delta = h.openai.state.addProject({ name: 'Delta, Inc' }).id;
    cost(alpha, '2026-10-31', 1);
    cost(alpha, '2026-11-02', 12.5);
    cost(alpha, '2026-11-02', 0.1, 'gpt-4o, output');
    cost(delta, '2026-11-03', 3);
  });

  it('should upload the stored daily costs as CSV to the admin, for a range and chosen projects', async () => {
    await h.bot.jobs.budgets.run();

    expect(await command(admin, 'budget export 2026-11-01 2026-11-30')).toBe(
      'Sent openai-costs-2026-11-01-to-2026-11-30.csv (2 rows) to your DM with the bot.',
    );
    const [file] = h.slack.files();
    expect(file).toMatchObject({
      filename: 'openai-costs-2026-11-01-to-2026-11-30.csv',
      completed: true,
      channel: h.slack.dmChannelFor(admin.slackId),
    });
    expect(file?.text).toBe(
      [
        'date,project_id,project_name,cost_usd',
        `2026-11-02,${alpha},Alpha,12.60`,
        `2026-11-03,${delta},"Delta, Inc",3.00`,
        '',
      ].join('\n'),
    );
    expect(h.slack.dmsTo(admin.slackId).at(-1)?.text).toContain(
      'Costs per project and UTC day, 2026-11-01 to 2026-11-30: 2 projects, $15.60 in all.',
    );

    await command(admin, 'budget export 2026-10-01 2026-11-30 alpha');
    expect(h.slack.files()[1]?.text).toBe(
      [
        'date,project_id,project_name,cost_usd',
        `2026-10-31,${alpha},Alpha,1.00`,
        `2026-11-02,${alpha},Alpha,12.60`,
        '',
      ].join('\n'),
    );
  });

  it('should refuse anyone but a bot admin, a bad range and an unknown project, uploading nothing', async () => {
    await h.bot.jobs.budgets.run();
    expect(await command(owner, 'budget export')).toBe('Only bot admins can export costs: <@UADMIN>.');
    expect(await command(admin, 'budget export 2026-11-30 2026-11-01')).toBe(
      'The range ends (2026-11-01) before it starts (2026-11-30).',
    );
    expect(await command(admin, 'budget export 2026-02-30')).toBe(
      '“2026-02-30” is not a date; write YYYY-MM-DD, e.g. 2026-11-01.',
    );
    expect(await command(admin, 'budget export Alpah')).toBe('No project “Alpah”. Did you mean *Alpha*?');
    expect(h.slack.files()).toHaveLength(0);
  });

  it('should say when nothing has been stored yet', async () => {
    expect(await command(admin, 'budget export')).toBe(
      'The bot has not stored any costs yet: its budget sweep stores them every BUDGET_SWEEP_SECONDS. Try again after it ran.',
    );
  });
});
