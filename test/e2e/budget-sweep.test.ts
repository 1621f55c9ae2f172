import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBudget } from '../../src/db/budgets.js';
import { rememberProjects } from '../../src/db/known-projects.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { budgetFormValues } from '../support/budget-form.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';

const NOW = '2026-11-21T00:00:00Z';
const ADMIN_CHANNEL = 'C0ADMINS01';
const COSTS = '/organization/costs';
const SPEND_LIMIT = /^\/organization\/projects\/[^/]+\/spend_limit$/;
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;

let h: Harness;
let owner: Person;
let secondOwner: Person;
let admin: Person;
let alpha: string;

function cost(projectId: string, day: string, usd: number) {
  h.openai.state.setDailyCost(projectId, Date.parse(`${day}T00:00:00Z`) / 1000, usd);
}

/** The same cost on 1–20 November (the days before "now"). */
function novemberCosts(projectId: string, usdPerDay: number) {
  for (let day = 1; day <= 20; day += 1)
    cost(projectId, `2026-11-${String(day).padStart(2, '0')}`, usdPerDay);
}

beforeEach(async () => {
  h = await startHarness({ now: NOW, env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL } });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  secondOwner = h.person({ slackId: 'UOWNER2', name: 'Otto Owner' });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  h.openai.state.addProjectUser(alpha, owner.orgUserId as string, 'owner');
  h.openai.state.addProjectUser(alpha, secondOwner.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

/** Sets Alpha's soft budget the way an admin does, through the modal. */
async function setBudget(values: { amount: string; thresholds?: string; resetDay?: number }) {
  await h.settle(h.sender.slashCommand({ userId: admin.slackId, text: 'budget set Alpha' }));
  const view = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
  await h.settle(
    h.sender.viewSubmissionOf({ userId: admin.slackId, view, values: budgetFormValues(values) }),
  );
}

async function sweep() {
  const report = await h.bot.jobs.budgets.run();
  await h.bot.idle();
  return report;
}

function channelAlerts(): string[] {
  return h.slack.messages(ADMIN_CHANNEL).map((m) => renderBlocksAsText(m.blocks, m.text));
}

function dmAlerts(who: Person): string[] {
  return h.slack.dmsTo(who.slackId).map((m) => renderBlocksAsText(m.blocks, m.text));
}

async function alertRows() {
  return h.bot.db
    .selectFrom('budget_alerts')
    .select(['kind', 'threshold', 'status', 'period_start'])
    .orderBy('kind')
    .orderBy('threshold')
    .execute();
}

describe('threshold alerts', () => {
  it('should post each crossed threshold once to the admin channel and each owner, also across a restart', async () => {
    await setBudget({ amount: '100' });
    novemberCosts(alpha, 2.75); // $55 of $100

    const first = await sweep();

    expect(first).toMatchObject({ ran: true, alertsRaised: 1, messagesSent: 3, failures: [] });
    expect(channelAlerts()).toEqual([
      ':warning: *Alpha has used 55% of its budget* (alert at 50%).\n' +
        'Spent $55.00 of $100.00 (55%) · forecast at period end $82.50 (82%) · resets 1 Dec 2026, in 10 days.\n' +
        '  `/access budget Alpha` for details; owners and bot admins can change the limits there.',
    ]);
    expect(dmAlerts(owner)).toHaveLength(1);
    expect(dmAlerts(secondOwner)).toEqual(channelAlerts());

    await sweep();
    await h.restart();
    const afterRestart = await sweep();
    expect(afterRestart).toMatchObject({ alertsRaised: 0, messagesSent: 0 });
    expect(channelAlerts()).toHaveLength(1);
    expect(dmAlerts(owner)).toHaveLength(1);

    cost(alpha, '2026-11-21', 22); // $77 today: 75 % crossed, and at this pace $115 by 1 Dec
    await sweep();
    expect(channelAlerts()).toHaveLength(2);
    expect(channelAlerts()[1]).toContain(':warning: *Alpha has used 77% of its budget* (alert at 75%).');
    expect(channelAlerts()[1]).toContain(
      ':crystal_ball: *At the current rate Alpha will exceed its budget* around',
    );
    await sweep();
    expect(channelAlerts()).toHaveLength(2);
    expect(await alertRows()).toEqual([
      { kind: 'forecast', threshold: 0, status: 'sent', period_start: '2026-11-01' },
      { kind: 'threshold', threshold: 50, status: 'sent', period_start: '2026-11-01' },
      { kind: 'threshold', threshold: 75, status: 'sent', period_start: '2026-11-01' },
    ]);
  });

  it('should announce a jump over several thresholds in one message, naming the highest', async () => {
    await setBudget({ amount: '100', thresholds: '50, 75, 90' });
    novemberCosts(alpha, 4.75); // $95

    await sweep();

    expect(channelAlerts()).toHaveLength(1);
    expect(channelAlerts()[0]).toContain(':warning: *Alpha has used 95% of its budget* (alert at 90%).');
    expect((await alertRows()).map((r) => [r.threshold, r.status])).toEqual([
      [0, 'sent'],
      [50, 'sent'],
      [75, 'sent'],
      [90, 'sent'],
    ]);
  });

  it('should alert again under a raised budget only once the new amount’s thresholds are reached', async () => {
    await setBudget({ amount: '100' });
    novemberCosts(alpha, 2.75); // $55
    await sweep();
    await setBudget({ amount: '200' }); // now 27 %: the 50 % alert is re-armed
    await sweep();
    expect(channelAlerts()).toHaveLength(1);

    cost(alpha, '2026-11-21', 50); // $105 of $200
    await sweep();
    expect(channelAlerts()).toHaveLength(2);
    expect(channelAlerts()[1]).toContain('*Alpha has used 52% of its budget* (alert at 50%)');
  });

  it('should retry a failed send on the next sweep, without repeating what did arrive', async () => {
    await setBudget({ amount: '100' });
    novemberCosts(alpha, 2.75);
    h.slack.failNext('conversations.open', 'fatal_error'); // the first owner's DM

    const first = await sweep();

    expect(first.messagesSent).toBe(2);
    expect(channelAlerts()).toHaveLength(1);
    expect(dmAlerts(owner)).toHaveLength(0);
    expect(dmAlerts(secondOwner)).toHaveLength(1);
    const pending = await h.bot.db.selectFrom('budget_alerts').selectAll().executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.last_error).toContain(
      `${owner.slackId}: SlackCallError: Slack refused conversations.open: fatal_error`,
    );

    await h.restart();
    await sweep();

    expect(channelAlerts()).toHaveLength(1);
    expect(dmAlerts(owner)).toHaveLength(1);
    expect(dmAlerts(secondOwner)).toHaveLength(1);
    expect((await alertRows())[0]?.status).toBe('sent');
  });

  it('should DM the bot admins when the admin channel refuses the alert', async () => {
    await setBudget({ amount: '100' });
    novemberCosts(alpha, 2.75);
    h.slack.failNext('chat.postMessage', 'channel_not_found'); // the admin channel's post

    const first = await sweep();

    expect(first).toMatchObject({ messagesSent: 3, failures: [] });
    expect(channelAlerts()).toHaveLength(0);
    expect(dmAlerts(admin)).toHaveLength(1);
    expect(dmAlerts(admin)[0]).toContain(':warning: *Alpha has used 55% of its budget* (alert at 50%).');
    expect(dmAlerts(admin)[0]).toContain(
      `This was meant for #${ADMIN_CHANNEL}, but Slack refused it (channel_not_found).`,
    );
    expect((await alertRows())[0]?.status).toBe('sent');
  });
});

describe('forecast alerts', () => {
  it('should warn once per period when the pace exceeds the budget before the reset', async () => {
    await setBudget({ amount: '1000', thresholds: '90, 100' });
    novemberCosts(alpha, 35); // $700 in 20 days: $1,050 by 1 Dec

    await sweep();

    expect(channelAlerts()).toEqual([
      ':crystal_ball: *At the current rate Alpha will exceed its budget* around 29 Nov 2026, before it resets.\n' +
        'Spent $700.00 of $1,000.00 (70%) · forecast at period end $1,050.00 (105%) · resets 1 Dec 2026, in 10 days.\n' +
        '  `/access budget Alpha` for details; owners and bot admins can change the limits there.',
    ]);
    cost(alpha, '2026-11-21', 80);
    await sweep();
    expect(channelAlerts()).toHaveLength(1);

    // December is a new period: its own forecast may warn again.
    h.clock.set('2026-12-05T00:00:00Z');
    for (const day of ['01', '02', '03', '04']) cost(alpha, `2026-12-${day}`, 100);
    await sweep();
    expect(channelAlerts()).toHaveLength(2);
    expect(channelAlerts()[1]).toContain(
      'Spent $400.00 of $1,000.00 (40%) · forecast at period end $3,100.00',
    );
  });
});

describe('hard limits', () => {
  it('should alert at once when a known hard limit is enforcing, once, and read only limits near their amount', async () => {
    const beta = h.openai.state.addProject({ name: 'Beta' }).id;
    h.openai.state.addProjectUser(beta, owner.orgUserId as string, 'owner');
    h.openai.state.setSpendLimit(alpha, { thresholdCents: 5_000 });
    h.openai.state.setSpendLimit(beta, { thresholdCents: 100_000 });
    // The bot learns of hard limits where it shows them.
    await h.settle(h.sender.slashCommand({ userId: owner.slackId, text: 'budget Alpha' }));
    await h.settle(h.sender.slashCommand({ userId: owner.slackId, text: 'budget Beta' }));
    novemberCosts(alpha, 2.5); // $50: OpenAI enforces Alpha's limit
    novemberCosts(beta, 1); // $20 of $1,000: Beta's limit is not worth a read
    const readsBefore = h.openai.callCount('GET', SPEND_LIMIT);

    const first = await sweep();

    expect(first).toMatchObject({ hardLimitReads: 1, alertsRaised: 1 });
    expect(h.openai.callCount('GET', SPEND_LIMIT) - readsBefore).toBe(1);
    const blocked =
      ':no_entry: *Alpha is blocked by its OpenAI hard limit* of $50.00 a month: requests with its keys fail until the limit is raised or removed, or the month ends.';
    expect(channelAlerts()).toHaveLength(1);
    expect(channelAlerts()[0]).toContain(blocked);
    expect(dmAlerts(owner).at(-1)).toContain(blocked);

    await sweep();
    expect(channelAlerts()).toHaveLength(1);
  });
});

describe('costs and history', () => {
  it('should read costs for many budgeted projects in one paged query, never one per project', async () => {
    const projects = Array.from({ length: 40 }, (_, i) => h.openai.state.addProject({ name: `Lab ${i}` }));
    await rememberProjects(
      h.bot.db,
      projects.map((p) => ({ id: p.id, name: p.name ?? p.id, archived: false })),
      new Date(NOW),
    );
    for (const [i, project] of projects.entries()) {
      await saveBudget(
        h.bot.db,
        { projectId: project.id, amountCents: 100_000, resetDay: (i % 28) + 1, thresholds: [50] },
        'UADMIN',
        new Date(NOW),
      );
      cost(project.id, '2026-11-19', 1);
      cost(project.id, '2026-11-20', 2);
    }

    const first = await sweep();

    // A first sweep stores 90 days back: 91 day buckets, three pages of 31.
    expect(first.costPages).toBe(3);
    const costCalls = h.openai.calls.filter((c) => c.path === COSTS);
    expect(costCalls).toHaveLength(3);
    expect(costCalls.every((c) => c.query['project_ids[]'] === undefined)).toBe(true);
    expect(h.openai.callCount('GET', SPEND_LIMIT)).toBe(0);
    expect(h.openai.callCount('GET', PROJECT_USERS)).toBe(0);

    const second = await sweep();
    expect(second.costPages).toBe(1);
    expect(h.openai.calls.at(-1)?.query.start_time).toBe(String(Date.parse('2026-11-19T00:00:00Z') / 1000));
  });

  it('should keep each project’s daily cost, re-reading only the last days that may still change', async () => {
    cost(alpha, '2026-11-15', 5);
    cost(alpha, '2026-11-20', 7.25);
    await sweep();
    const stored = async () =>
      Object.fromEntries(
        (
          await h.bot.db.selectFrom('daily_costs').select(['day', 'amount_cents']).orderBy('day').execute()
        ).map((r) => [r.day, r.amount_cents]),
      );
    expect(await stored()).toEqual({ '2026-11-15': 500, '2026-11-20': 725 });

    // OpenAI revises yesterday and, unusually, an older day; today's first costs arrive.
    cost(alpha, '2026-11-15', 6);
    cost(alpha, '2026-11-20', 9.1);
    cost(alpha, '2026-11-21', 0.3);
    await sweep();

    expect(await stored()).toEqual({ '2026-11-15': 500, '2026-11-20': 910, '2026-11-21': 30 });
  });
});
