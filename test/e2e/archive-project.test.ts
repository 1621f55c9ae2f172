import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBudget } from '../../src/db/budgets.js';
import { ActionIds, ProjectDecisionModalFields, ViewCallbackIds } from '../../src/slack/ids.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { budgetFormValues } from '../support/budget-form.js';
import { clickButton } from '../support/click.js';
import { approve, submitRequest } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { submitOnboarding } from '../support/onboard-form.js';
import { projectDecisionValues } from '../support/project-form.js';
import { askForServiceAccount, clickShowKey, newestRequestOf } from '../support/service-account-flow.js';

/**
 * Issue 13, point 5: `/access archive <project>`: owners ask and bot admins approve, or admins
 * archive directly; a confirmation says it cannot be undone and who loses access; then the
 * owners' final cost report, open requests closed, the archive, budgets stopped.
 */
const NOW = '2026-11-21T12:00:00Z';
const ADMIN_CHANNEL = 'C0ADMINS01';
const ARCHIVE = /^\/organization\/projects\/[^/]+\/archive$/;

let h: Harness;
let olga: Person;
let mia: Person;
let rita: Person;
let ada: Person;
let alpha: string;

beforeEach(async () => {
  h = await startHarness({ now: NOW, env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL } });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  olga = h.person({ slackId: 'UOLGA', name: 'Olga Owner' });
  mia = h.person({ slackId: 'UMIA', name: 'Mia Member' });
  rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
  ada = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  h.openai.state.addProjectUser(alpha, olga.orgUserId as string, 'owner');
  h.openai.state.addProjectUser(alpha, mia.orgUserId as string, 'member');
  h.openai.state.setDailyCost(alpha, Date.parse('2026-11-03T00:00:00Z') / 1000, 12.5);
});

afterEach(async () => {
  await h.close();
});

/** `/access archive <name>` as `who`: the modal it opened, as `who` reads it. */
async function openArchive(who: Person, name = 'Alpha') {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: `archive ${name}` }));
  const opened = h.slack.openedViews.at(-1);
  if (!opened) throw new Error('no modal opened');
  const view = h.slack.view(opened.id);
  return { view, text: renderBlocksAsText(view.blocks) };
}

async function confirm(who: Person, view: unknown, reason = 'The grant ended in October.') {
  return h.settle(
    h.sender.viewSubmissionOf({ userId: who.slackId, view, values: projectDecisionValues({ reason }) }),
  );
}

async function expectArchivedOnce() {
  expect(h.openai.callCount('POST', ARCHIVE)).toBe(1);
  expect(h.openai.state.project(alpha)?.status).toBe('archived');
  // The owner got the final cost report of the period as CSV, before the archive.
  const files = h.slack.files();
  expect(files).toHaveLength(1);
  expect(files[0]?.text).toContain('2026-11-03');
  expect(files[0]?.text).toContain('12.50');
  expect(await findBudget(h.bot.db, alpha)).toBeUndefined();
}

describe('/access archive', () => {
  it('should let a bot admin archive directly after a confirmation naming who loses access', async () => {
    // A budget and an open request, both of which the archive closes.
    await h.settle(h.sender.slashCommand({ userId: ada.slackId, text: 'budget set Alpha' }));
    const budgetView = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
    await h.settle(
      h.sender.viewSubmissionOf({
        userId: ada.slackId,
        view: budgetView,
        values: budgetFormValues({ amount: '100' }),
      }),
    );
    await h.settle(
      h.sender.viewSubmissionOf({
        userId: ada.slackId,
        view: h.slack.view(h.slack.openedViews.at(-1)?.id as string),
        values: {},
      }),
    );
    expect(await findBudget(h.bot.db, alpha)).toBeDefined();
    const pendingId = await submitRequest(h, rita, { projectId: alpha, projectName: 'Alpha' });

    const { view, text } = await openArchive(ada);
    expect(view.callback_id).toBe(ViewCallbackIds.archiveProject);
    expect(text).toContain('cannot be undone');
    expect(text).toContain('Olga Owner');
    expect(text).toContain('Mia Member');
    expect(h.openai.callCount('POST', ARCHIVE)).toBe(0);

    await confirm(ada, view);
    await expectArchivedOnce();
    const row = await h.bot.db
      .selectFrom('access_requests')
      .selectAll()
      .where('id', '=', pendingId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    const audit = await h.bot.db.selectFrom('audit_events').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('project_plan.archive_project.done');
  });

  it('should send an owner’s archive to the bot admins, and archive once they approve', async () => {
    const { view, text } = await openArchive(olga);
    expect(view.submit.text).toBe('Ask the admins');
    expect(text).toContain('sends the request to the bot admins');
    await confirm(olga, view);
    expect(h.openai.callCount('POST', ARCHIVE)).toBe(0);
    const card = h.slack.messages(ADMIN_CHANNEL)[0];
    expect(renderBlocksAsText(card?.blocks)).toContain('Archive *Alpha*');
    const requestId = JSON.stringify(card?.blocks).match(/"value":"(prq_[^"]+)"/)?.[1] as string;

    await h.settle(clickButton(h, ada.slackId, ActionIds.approveProjectRequest, requestId, [ADMIN_CHANNEL]));
    const approval = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
    expect(renderBlocksAsText(approval.blocks)).toContain('cannot be undone');
    await h.settle(h.sender.viewSubmissionOf({ userId: ada.slackId, view: approval, values: {} }));
    await expectArchivedOnce();
  });

  it('should refuse someone who is not an owner of the project, in the modal, and archive nothing', async () => {
    const { text } = await openArchive(mia);
    expect(text).toContain('Only the owners of *Alpha*');
    const { text: stranger } = await openArchive(rita);
    expect(stranger).toContain('Only the owners of *Alpha*');
    expect(h.openai.callCount('POST', ARCHIVE)).toBe(0);
  });

  it('should refuse a confirmation submitted by someone who lost the right meanwhile', async () => {
    const { view } = await openArchive(olga);
    // Olga is no longer an owner of Alpha when she confirms.
    h.openai.state.removeProjectUser(alpha, olga.orgUserId as string);
    h.openai.state.addProjectUser(alpha, olga.orgUserId as string, 'member');
    await confirm(olga, view);
    expect(h.slack.messages(ADMIN_CHANNEL)).toHaveLength(0);
    expect(h.slack.dmsTo(olga.slackId).at(-1)?.text).toContain('Only the owners of *Alpha*');
  });

  it('should suggest close names for a project that does not exist', async () => {
    const { text } = await openArchive(ada, 'Alpa');
    expect(text).toContain('No project is called “Alpa”');
    expect(text).toContain('*Alpha*');
  });

  it('should ask for a reason in the field itself', async () => {
    const { view } = await openArchive(ada);
    const answer = await h.settle(
      h.sender.viewSubmissionOf({
        userId: ada.slackId,
        view,
        values: projectDecisionValues({ reason: 'x' }),
      }),
    );
    expect(
      (answer.json as { errors: Record<string, string> }).errors[ProjectDecisionModalFields.reason.block],
    ).toContain('why');
    expect(h.openai.callCount('POST', ARCHIVE)).toBe(0);
  });

  it('should stop counting an onboarding’s waiting invitees once their project is archived', async () => {
    const LAB = 'C0LAB0001';
    h.slack.addChannel({ id: LAB, name: 'lab' });
    await submitOnboarding(h, ada.slackId, LAB, {
      projectId: alpha,
      projectName: 'Alpha',
      emails: 'new.student@uni.example',
    });
    const card = () =>
      renderBlocksAsText(h.slack.messages(LAB).find((m) => m.text?.startsWith('Onboarding'))?.blocks ?? []);
    expect(card()).toContain('1 invited and waiting');

    const { view } = await openArchive(ada);
    await confirm(ada, view);
    expect(h.openai.state.project(alpha)?.status).toBe('archived');
    expect(card()).toContain('0 invited and waiting · 1 failed');
    expect(card()).toContain('archived');
  });

  it('should take the project’s service accounts off the end-date sweep: they went with the archive', async () => {
    await askForServiceAccount(h, mia, {
      projectId: alpha,
      projectName: 'Alpha',
      name: 'grader',
      endDate: '2026-12-20',
    });
    const request = await newestRequestOf(h, mia);
    await approve(h, olga, request.id);
    await clickShowKey(h, mia, request.id);
    expect(h.openai.state.serviceAccounts.list(alpha)).toHaveLength(1);

    const { view } = await openArchive(ada);
    await confirm(ada, view);
    const row = await h.bot.db
      .selectFrom('access_requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('revoked');

    h.clock.advance(40 * 86_400_000);
    await h.bot.jobs.serviceAccounts.run();
    await h.bot.idle();
    expect(h.openai.callCount('DELETE', /\/service_accounts\//)).toBe(0);
    expect(
      h.slack
        .messages(ADMIN_CHANNEL)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).not.toMatch(/could not remove/i);
  });
});
