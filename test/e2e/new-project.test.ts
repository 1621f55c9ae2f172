import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBudget } from '../../src/db/budgets.js';
import { getTier } from '../../src/db/project-settings.js';
import { ActionIds, NewProjectModalFields, ViewCallbackIds } from '../../src/slack/ids.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { clickButton } from '../support/click.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { newProjectFormValues, projectDecisionValues } from '../support/project-form.js';

/**
 * Issue 13, point 4: `/access new-project` → the bot admins approve (tier and budget may change)
 * → one recorded plan: project, owners (invited when not in the org), budget, hard limit by
 * tier, model allow list, summary.
 */
const ADMIN_CHANNEL = 'C0ADMINS01';
const PROJECTS = '/organization/projects';
const SPEND_LIMIT = /^\/organization\/projects\/[^/]+\/spend_limit$/;
const MODELS = /^\/organization\/projects\/[^/]+\/model_permissions$/;

let h: Harness;
let rosa: Person; // research lead, asks for the project
let olga: Person; // in the org, will own it
let nina: Person; // not in the org yet, will own it
let ada: Person; // bot admin

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL } });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  rosa = h.person({ slackId: 'UROSA', name: 'Rosa Lead' });
  olga = h.person({ slackId: 'UOLGA', name: 'Olga Owner' });
  nina = h.person({ slackId: 'UNINA', name: 'Nina New', orgMember: false });
  ada = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  h.openai.state.addProject({ name: 'Alpha' });
});

afterEach(async () => {
  await h.close();
});

const form = (overrides: Parameters<typeof newProjectFormValues>[0] = {}) =>
  newProjectFormValues({
    name: 'Genomics Lab',
    purpose: 'Protein folding experiments for the 2027 grant.',
    owners: [olga.slackId, nina.slackId],
    tier: 'development',
    budget: '500',
    models: 'gpt-4.1, o3',
    ...overrides,
  });

/** Opens the form as `who` and submits it; returns Slack's answer to the submission. */
async function askForProject(who: Person, values = form()) {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: 'new-project' }));
  const opened = h.slack.openedViews.at(-1);
  expect(opened?.view.callback_id).toBe(ViewCallbackIds.newProject);
  return h.settle(
    h.sender.viewSubmissionOf({ userId: who.slackId, view: h.slack.view(opened?.id as string), values }),
  );
}

const adminCards = () => h.slack.messages(ADMIN_CHANNEL);
const cardText = () => {
  const card = adminCards()[0];
  return renderBlocksAsText(card?.blocks, card?.text);
};
const requestId = () => {
  const match = JSON.stringify(adminCards()[0]?.blocks ?? []).match(/"value":"(prq_[^"]+)"/);
  if (!match?.[1]) throw new Error('no project request card with buttons');
  return match[1];
};

async function approveAs(who: Person, values: Parameters<typeof projectDecisionValues>[0] = {}) {
  const id = requestId();
  const before = h.slack.openedViews.length;
  await h.settle(clickButton(h, who.slackId, ActionIds.approveProjectRequest, id, [ADMIN_CHANNEL]));
  const opened = h.slack.openedViews.slice(before).at(-1);
  if (!opened) return undefined;
  await h.settle(
    h.sender.viewSubmissionOf({
      userId: who.slackId,
      view: h.slack.view(opened.id),
      values: projectDecisionValues(values),
    }),
  );
  return opened;
}

const project = (name: string) => h.openai.state.projects().filter((p) => p.name === name);

describe('/access new-project', () => {
  it('should create the project once, add and invite its owners, set budget, hard limit and models, and tell both sides', async () => {
    await askForProject(rosa);
    expect(cardText()).toContain('Genomics Lab');
    expect(cardText()).toContain('Waiting for a bot admin');
    expect(h.slack.dmsTo(rosa.slackId)).toHaveLength(1);

    const opened = await approveAs(ada, { budget: '400' });
    expect(renderBlocksAsText(opened?.view.blocks)).toContain('Genomics Lab');

    const created = project('Genomics Lab');
    expect(created).toHaveLength(1);
    const id = created[0]?.id as string;
    expect(h.openai.callCount('POST', PROJECTS)).toBe(1);
    // Olga is in the org: an owner now. Nina is not: one invite that carries the project.
    expect(h.openai.state.projectUsers(id).map((u) => [u.email, u.role])).toEqual([[olga.email, 'owner']]);
    const invites = h.openai.state.invites().filter((i) => i.email === nina.email);
    expect(invites).toHaveLength(1);
    expect(invites[0]?.projects).toEqual([{ id, role: 'owner' }]);
    // The admin changed the budget to $400 before approving: soft budget and hard limit follow.
    expect((await findBudget(h.bot.db, id))?.amountCents).toBe(40_000);
    expect(h.openai.state.spendLimit(id)?.threshold_amount).toBe(40_000);
    expect(h.openai.callCount('POST', SPEND_LIMIT)).toBe(1);
    expect(h.openai.state.modelPermissions.get(id)).toEqual({
      mode: 'allow_list',
      model_ids: ['gpt-4.1', 'o3'],
    });

    // The tier is the bot's own record, shown in the budget and key views.
    expect(await getTier(h.bot.db, id)).toBe('development');
    const summary = h.slack
      .dmsTo(rosa.slackId)
      .map((m) => m.text ?? '')
      .find((t) => t.includes('is set up'));
    expect(summary).toContain('Genomics Lab');
    expect(adminCards().some((m) => (m.text ?? '').includes('is set up'))).toBe(true);
    expect(cardText()).toContain('Ready');
    expect(cardText()).not.toContain('Approve…');
  });

  it('should give a production project a soft budget with alerts and no hard limit, and no allow list when none was asked', async () => {
    await askForProject(rosa, form({ name: 'Clinic Bot', tier: 'production', models: '' }));
    await approveAs(ada);
    const id = project('Clinic Bot')[0]?.id as string;
    expect(id).toBeTruthy();
    expect((await findBudget(h.bot.db, id))?.amountCents).toBe(50_000);
    expect(h.openai.callCount('POST', SPEND_LIMIT)).toBe(0);
    expect(h.openai.state.spendLimit(id)).toBeUndefined();
    expect(h.openai.callCount('POST', MODELS)).toBe(0);
    expect(cardText()).toContain('alerts only');
  });

  it('should name each bad field where it was typed and store nothing', async () => {
    const answer = await askForProject(
      rosa,
      form({ name: 'alpha', budget: 'lots', models: 'gpt-4.1, <bad>', purpose: 'pls' }),
    );
    const errors = (answer.json as { errors?: Record<string, string> }).errors ?? {};
    expect(errors[NewProjectModalFields.name.block]).toContain('exists or is requested already');
    expect(errors[NewProjectModalFields.budget.block]).toContain('not an amount');
    expect(errors[NewProjectModalFields.models.block]).toContain('not a model id');
    expect(errors[NewProjectModalFields.purpose.block]).toBeTruthy();
    expect(adminCards()).toHaveLength(0);
    expect(await h.bot.db.selectFrom('project_requests').selectAll().execute()).toHaveLength(0);
  });

  it('should refuse Approve… from someone who is not a bot admin, and a bot admin approving their own request', async () => {
    await askForProject(ada, form({ name: 'Admin Pet Project' }));
    expect(await approveAs(rosa)).toBeUndefined();
    expect(h.slack.ephemerals(rosa.slackId).at(-1)?.text).toContain('Only bot admins');
    expect(await approveAs(ada)).toBeUndefined();
    expect(h.slack.ephemerals(ada.slackId).at(-1)?.text).toMatch(/own request/i);
    expect(h.openai.callCount('POST', PROJECTS)).toBe(0);
  });

  it('should re-check at submission: an approval modal submitted after another admin denied changes nothing', async () => {
    await askForProject(rosa);
    const id = requestId();
    await h.settle(clickButton(h, ada.slackId, ActionIds.approveProjectRequest, id, [ADMIN_CHANNEL]));
    const approveView = h.slack.openedViews.at(-1);
    // Meanwhile the request is denied (by the same admin, from the card's Deny).
    await h.settle(clickButton(h, ada.slackId, ActionIds.denyProjectRequest, id, [ADMIN_CHANNEL]));
    const denyView = h.slack.openedViews.at(-1);
    await h.settle(
      h.sender.viewSubmissionOf({
        userId: ada.slackId,
        view: h.slack.view(denyView?.id as string),
        values: projectDecisionValues({ reason: 'No budget left this year' }),
      }),
    );
    await h.settle(
      h.sender.viewSubmissionOf({
        userId: ada.slackId,
        view: h.slack.view(approveView?.id as string),
        values: {},
      }),
    );
    expect(h.openai.callCount('POST', PROJECTS)).toBe(0);
    expect(cardText()).toContain('Denied');
    expect(cardText()).toContain('No budget left this year');
  });

  it('should make exactly one project when the create times out after OpenAI made it', async () => {
    await askForProject(rosa);
    h.openai.failNext({ method: 'POST', path: PROJECTS }, { status: 500, applyRequest: true });
    await approveAs(ada);
    expect(project('Genomics Lab')).toHaveLength(1);
    expect(h.openai.callCount('POST', PROJECTS)).toBe(1);
    expect(cardText()).toContain('Ready');
  });

  it('should stop at a failed step with Retry, keep what was done, and finish from that step', async () => {
    await askForProject(rosa);
    h.openai.failNext({ method: 'POST', path: MODELS }, { status: 400 });
    await approveAs(ada);
    expect(cardText()).toContain('failed');
    expect(cardText()).toContain('Retry');
    const id = project('Genomics Lab')[0]?.id as string;
    expect(h.openai.state.projectUsers(id)).toHaveLength(1);

    // Only a bot admin can retry.
    await h.settle(clickButton(h, rosa.slackId, ActionIds.retryProjectPlan, requestId(), [ADMIN_CHANNEL]));
    expect(h.openai.callCount('POST', MODELS)).toBe(1);

    await h.settle(clickButton(h, ada.slackId, ActionIds.retryProjectPlan, requestId(), [ADMIN_CHANNEL]));
    expect(h.openai.state.modelPermissions.get(id)?.model_ids).toEqual(['gpt-4.1', 'o3']);
    expect(h.openai.callCount('POST', PROJECTS)).toBe(1);
    expect(h.openai.callCount('POST', SPEND_LIMIT)).toBe(1);
    expect(h.openai.state.invites().filter((i) => i.email === nina.email)).toHaveLength(1);
    expect(cardText()).toContain('Ready');
  });

  it('should show the request in the requester’s App Home', async () => {
    await askForProject(rosa);
    await h.settle(h.sender.appHomeOpened({ userId: rosa.slackId }));
    const home = h.slack.homeViews(rosa.slackId).at(-1);
    expect(renderBlocksAsText(home?.blocks)).toContain('Genomics Lab');
  });
});
