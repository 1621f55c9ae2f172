import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { saveBudget } from '../../src/db/budgets.js';
import { ActionIds, ExtendModalFields } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { approve, requestRow, submitRequest } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { extendFormValues } from '../support/request-form.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ADMIN_CHANNEL = 'C0ADMINS01';
const MEMBERSHIP = /^\/organization\/projects\/[^/]+\/users\/[^/]+$/;

let h: Harness;
let owner: Person;
let admin: Person;
let rita: Person;
let alpha: { id: string; name: string };

beforeEach(async () => {
  h = await startHarness({
    env: {
      ACCESS_ADMINS: 'UADMIN',
      ADMIN_CHANNEL,
      REMIND_AFTER_HOURS: '24',
      ESCALATE_AFTER_HOURS: '72',
      REQUEST_TTL_DAYS: '7',
    },
  });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
  const project = h.openai.state.addProject({ name: 'Alpha' });
  alpha = { id: project.id, name: 'Alpha' };
  h.openai.state.addProjectUser(alpha.id, owner.orgUserId as string, 'owner');
  // A second owner keeps Alpha healthy for the weekly owner check.
  const second = h.person({ slackId: 'UOWNER2', name: 'Otto Owner' });
  h.openai.state.addProjectUser(alpha.id, second.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

async function sweep() {
  const report = await h.bot.jobs.requests.run();
  await h.bot.idle();
  return report;
}

function threadReplies(userId: string) {
  const dm = h.slack.dmChannelFor(userId);
  return h.slack.messages(dm).filter((m) => m.threadTs && m.threadTs !== m.ts);
}

describe('undecided requests', () => {
  it('should remind the approvers in the thread once after a day, also across a restart', async () => {
    const id = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha' });
    h.clock.advance(23 * HOUR);
    expect((await sweep()).reminded).toBe(0);
    h.clock.advance(2 * HOUR);
    expect((await sweep()).reminded).toBe(1);
    await sweep();
    await h.restart();
    await sweep();
    const replies = threadReplies(owner.slackId);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('Reminder: <@URITA> is still waiting for a decision on *Alpha*');
    expect((await requestRow(h, id)).status).toBe('pending');
  });

  it('should escalate once to the bot admins, whose copy has working buttons', async () => {
    const id = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha' });
    h.clock.advance(73 * HOUR);
    expect((await sweep()).escalated).toBe(1);
    await h.restart();
    await sweep();
    const toAdmin = h.slack.dmsTo(admin.slackId);
    expect(toAdmin).toHaveLength(1);
    expect(JSON.stringify(toAdmin[0]?.blocks)).toContain('Escalated to the bot admins');
    await approve(h, admin, id);
    expect((await requestRow(h, id)).status).toBe('applied');
  });

  it('should expire after the TTL once, remove every button, and offer the requester a one-click request again', async () => {
    const id = await submitRequest(h, rita, {
      projectId: alpha.id,
      projectName: 'Alpha',
      role: 'owner',
      justification: 'Managing keys for the course project this term.',
    });
    h.clock.advance(7 * DAY);
    expect((await sweep()).expired).toBe(1);
    await h.restart();
    expect((await sweep()).expired).toBe(0);
    expect((await requestRow(h, id)).status).toBe('expired');
    for (const copy of h.slack.dmsTo(owner.slackId)) {
      expect(JSON.stringify(copy.blocks)).not.toContain(ActionIds.approveRequest);
    }
    const told = h.slack
      .dmsTo(rita.slackId)
      .filter((m) => JSON.stringify(m.blocks).includes(ActionIds.requestAgain));
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('it expired');

    await h.settle(clickButton(h, rita.slackId, ActionIds.requestAgain, id));
    const form = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
    const text = JSON.stringify(form.blocks);
    expect(text).toContain('"initial_value":"Managing keys for the course project this term."');
    expect(
      form.blocks.find((b: { block_id?: string }) => b.block_id === 'project_block').element.initial_option
        .value,
    ).toBe(alpha.id);
    expect(
      form.blocks.find((b: { block_id?: string }) => b.block_id === 'role_block').element.initial_option
        .value,
    ).toBe('owner');
  });

  it('should let the requester cancel a pending request, and update the approvers', async () => {
    const id = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha' });
    await h.settle(clickButton(h, rita.slackId, ActionIds.cancelRequest, id));
    expect((await requestRow(h, id)).status).toBe('cancelled');
    expect(JSON.stringify(h.slack.dmsTo(owner.slackId).at(-1)?.blocks)).toContain(
      'Cancelled by the requester',
    );
    // Nobody else can cancel it.
    const other = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha' });
    await h.settle(clickButton(h, owner.slackId, ActionIds.cancelRequest, other));
    expect((await requestRow(h, other)).status).toBe('pending');
  });
});

describe('time-bound access', () => {
  async function grantUntil(endDate: string, role: 'member' | 'owner' = 'member') {
    const id = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha', endDate, role });
    await approve(h, owner, id);
    expect((await requestRow(h, id)).status).toBe('applied');
    return id;
  }
  const member = () => h.openai.state.projectUsers(alpha.id).find((u) => u.id === rita.orgUserId);

  it('should warn 24 hours before with an Extend button, once, then remove on the end date and say so', async () => {
    const id = await grantUntil('2026-11-30');
    h.clock.set('2026-11-28T23:00:00Z');
    expect((await sweep()).warned).toBe(0);
    h.clock.set('2026-11-29T00:00:00Z');
    expect((await sweep()).warned).toBe(1);
    await sweep();
    const warnings = h.slack
      .dmsTo(rita.slackId)
      .filter((m) => JSON.stringify(m.blocks).includes(ActionIds.extendGrant));
    expect(warnings).toHaveLength(1);

    h.clock.set('2026-11-30T00:00:00Z');
    expect((await sweep()).removals).toBe(1);
    expect(member()).toBeUndefined();
    expect((await requestRow(h, id)).status).toBe('revoked');
    expect(h.slack.dmsTo(rita.slackId).at(-1)?.text).toContain('reached its end date and was removed');
    expect((await auditTrailOf(h.bot.db, 'access_request', id)).map((e) => e.action)).toContain(
      'grant.ended',
    );
    expect(h.openai.callCount('DELETE', MEMBERSHIP)).toBe(1);
  });

  it('should only take away what the bot granted: a member who asked for owner goes back to member', async () => {
    h.openai.state.addProjectUser(alpha.id, rita.orgUserId as string, 'member');
    await grantUntil('2026-11-30', 'owner');
    expect(member()?.role).toBe('owner');
    h.clock.set('2026-11-30T00:00:00Z');
    await sweep();
    expect(member()?.role).toBe('member');
    expect(h.openai.callCount('DELETE', MEMBERSHIP)).toBe(0);
  });

  it('should keep the membership at the end date when a later, separate grant is still in force', async () => {
    const timeBound = await grantUntil('2026-11-30');
    const permanent = await submitRequest(h, rita, {
      projectId: alpha.id,
      projectName: 'Alpha',
      role: 'owner',
    });
    await approve(h, owner, permanent);
    expect((await requestRow(h, permanent)).status).toBe('applied');
    h.clock.set('2026-11-30T00:00:00Z');
    await sweep();
    expect((await requestRow(h, timeBound)).status).toBe('revoked');
    expect(member()?.role).toBe('owner');
    expect(h.openai.callCount('DELETE', MEMBERSHIP)).toBe(0);
  });

  it('should keep a membership the person had before the grant', async () => {
    h.openai.state.addProjectUser(alpha.id, rita.orgUserId as string, 'member');
    const id = await grantUntil('2026-11-30');
    h.clock.set('2026-11-30T00:00:00Z');
    await sweep();
    expect(member()?.role).toBe('member');
    expect((await requestRow(h, id)).status).toBe('revoked');
  });

  it('should tell the admins once when removal fails, and retry until it works', async () => {
    const id = await grantUntil('2026-11-30');
    h.clock.set('2026-11-30T00:00:00Z');
    h.openai.failNext({ method: 'DELETE', path: MEMBERSHIP }, { status: 500, times: 6 });
    await sweep();
    await sweep();
    expect((await requestRow(h, id)).status).toBe('applied');
    const told = h.slack.messages(ADMIN_CHANNEL).filter((m) => m.text?.includes('Could not remove <@URITA>'));
    expect(told).toHaveLength(1);
    await sweep();
    expect((await requestRow(h, id)).status).toBe('revoked');
    expect(member()).toBeUndefined();
  });

  it('should file an extension with the current end date to the same owners, and move the end date when approved', async () => {
    const id = await grantUntil('2026-11-30');
    h.clock.set('2026-11-29T06:00:00Z');
    await sweep();
    await h.settle(clickButton(h, rita.slackId, ActionIds.extendGrant, id));
    const modal = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
    const bad = await h.settle(
      h.sender.viewSubmissionOf({
        userId: rita.slackId,
        view: modal,
        values: extendFormValues('2026-11-30'),
      }),
    );
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: { [ExtendModalFields.endDate.block]: 'Pick a date after the current end (2026-11-30).' },
    });
    await h.settle(
      h.sender.viewSubmissionOf({
        userId: rita.slackId,
        view: modal,
        values: extendFormValues('2026-12-14'),
      }),
    );
    const extension = await h.bot.db
      .selectFrom('access_requests')
      .selectAll()
      .where('extends_request_id', '=', id)
      .executeTakeFirstOrThrow();
    const ask = JSON.stringify(h.slack.dmsTo(owner.slackId).at(-1)?.blocks);
    expect(ask).toContain('asks to extend their access to Alpha');
    expect(ask).toContain('access now ends <!date^1795996800^{date_long}|2026-11-30>');
    expect(ask).toContain('2026-12-14');

    await approve(h, owner, extension.id);
    expect((await requestRow(h, extension.id)).status).toBe('applied');
    expect((await requestRow(h, id)).access_ends_on).toBeNull();
    h.clock.set('2026-11-30T00:00:00Z');
    await sweep();
    expect(member()?.role).toBe('member');
    h.clock.set('2026-12-14T00:00:00Z');
    await sweep();
    expect(member()).toBeUndefined();
  });
});

describe('App Home', () => {
  function home(userId: string) {
    return h.slack.homeViews(userId).at(-1);
  }

  it('should show the requester their request and the approver a working Approve button, refreshed on change', async () => {
    // Both have their Home tab open; tabs of people watching are kept fresh on every change.
    for (const person of [rita, owner]) {
      await h.settle(
        h.sender.event({
          event: { type: 'app_home_opened', user: person.slackId, tab: 'home', channel: 'D0X' },
        }),
      );
    }
    const id = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha' });
    expect(JSON.stringify(home(rita.slackId)?.blocks)).toContain('*Alpha* as member: pending');
    const approverHome = home(owner.slackId);
    expect(JSON.stringify(approverHome?.blocks)).toContain('Waiting for my decision (1)');

    // Approve from the Home tab: same rules as in the DM.
    const homeView = h.slack.homeViews(owner.slackId).at(-1);
    await h.settle(
      h.sender.blockAction({
        userId: owner.slackId,
        actionId: ActionIds.approveRequest,
        value: id,
        view: { id: homeView.id },
      }),
    );
    expect((await requestRow(h, id)).status).toBe('applied');
    expect(JSON.stringify(home(rita.slackId)?.blocks)).toContain('*Alpha* as member: applied');
    expect(JSON.stringify(home(owner.slackId)?.blocks)).toContain('Waiting for my decision (0)');
    // The second owner was asked too, but never opened the Home tab: nothing is published for them.
    expect(h.slack.homeViews('UOWNER2')).toHaveLength(0);
  });

  it('should publish on app_home_opened and show admins stalled invites and requests waiting over a day', async () => {
    const nina = h.person({ slackId: 'UNINA', name: 'Nina Newcomer', orgMember: false });
    const first = await submitRequest(h, nina, { projectId: alpha.id, projectName: 'Alpha' });
    await approve(h, owner, first);
    await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha' });
    h.clock.advance(49 * HOUR);
    await h.settle(
      h.sender.event({
        event: { type: 'app_home_opened', user: admin.slackId, tab: 'home', channel: 'D0ADMIN' },
      }),
    );
    const text = JSON.stringify(home(admin.slackId)?.blocks);
    expect(text).toContain('Stalled invites (1)');
    expect(text).toContain('nina.newcomer@uni.example');
    expect(text).toContain('Requests waiting over a day (1)');
    await h.settle(
      h.sender.event({
        event: { type: 'app_home_opened', user: rita.slackId, tab: 'home', channel: 'D0RITA' },
      }),
    );
    expect(JSON.stringify(home(rita.slackId)?.blocks)).not.toContain('For bot admins');
  });

  it('should show admins the budgets over 75 % from the stored cost history', async () => {
    await saveBudget(
      h.bot.db,
      { projectId: alpha.id, amountCents: 10_000, resetDay: 1, thresholds: [50, 75, 90, 100] },
      'UADMIN',
      h.clock.now(),
    );
    h.openai.state.setDailyCost(alpha.id, Date.UTC(2026, 10, 20) / 1000, 80.25);
    await h.bot.jobs.budgets.run();
    await h.settle(
      h.sender.event({
        event: { type: 'app_home_opened', user: admin.slackId, tab: 'home', channel: 'D0ADMIN' },
      }),
    );
    const text = JSON.stringify(home(admin.slackId)?.blocks);
    expect(text).toContain('Budgets over 75 % (1)');
    expect(text).toContain('Alpha: 80 %');
  });

  it('should stay within 100 blocks for someone with 500 requests, newest first, with a count of the rest', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({
      id: `req_bulk${String(i).padStart(4, '0')}`,
      requester_slack_id: rita.slackId,
      requester_email: rita.email,
      project_id: alpha.id,
      project_name: `Project ${i}`,
      role: 'member' as const,
      justification: JUSTIFICATION_BULK,
      access_ends_on: null,
      status: 'denied' as const,
      created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      updated_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 100)
      await h.bot.db
        .insertInto('access_requests')
        .values(rows.slice(i, i + 100))
        .execute();
    await h.settle(
      h.sender.event({
        event: { type: 'app_home_opened', user: rita.slackId, tab: 'home', channel: 'D0RITA' },
      }),
    );
    const view = home(rita.slackId);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text.indexOf('Project 499')).toBeGreaterThan(-1);
    expect(text).not.toContain('Project 0*');
    expect(text).toMatch(/older requests are not shown|more requests/);
  });
});

const JUSTIFICATION_BULK = 'Bulk-loaded history for the Home tab size test.';

describe('/access audit', () => {
  it('should show bot admins the last events as sentences, by project and by person, and refuse others', async () => {
    const id = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha' });
    await approve(h, owner, id);
    await h.settle(h.sender.slashCommand({ userId: admin.slackId, text: 'audit alpha' }));
    const text = h.slack.responses.at(-1)?.body.text as string;
    expect(text).toContain('Last 20 events of *Alpha*, newest first:');
    expect(text).toContain("<@UOWNER> approved <@URITA>'s request for *Alpha* (member)");
    expect(text).toContain("The bot added <@URITA>'s request for *Alpha* (member) in OpenAI");
    expect(text.indexOf('The bot added')).toBeLessThan(text.indexOf('approved'));

    await h.settle(h.sender.slashCommand({ userId: admin.slackId, text: 'audit <@UOWNER|olga>' }));
    expect(h.slack.responses.at(-1)?.body.text).toContain('Last 20 events by or for <@UOWNER>');
    expect(h.slack.responses.at(-1)?.body.text).not.toContain('asked for access');

    await h.settle(h.sender.slashCommand({ userId: admin.slackId, text: 'audit alpah' }));
    expect(h.slack.responses.at(-1)?.body.text).toBe(
      'No project “alpah” in the audit trail. Did you mean *Alpha*?',
    );

    await h.settle(h.sender.slashCommand({ userId: rita.slackId, text: 'audit' }));
    expect(h.slack.responses.at(-1)?.body.text).toBe('Only bot admins can read the audit trail.');
  });
});

describe('owner hygiene', () => {
  it('should report once when an approval makes a project have more than three owners', async () => {
    h.person({ slackId: 'UOWNER3', name: 'Third Owner' });
    const third = h.openai.state.users().find((u) => u.email === 'third.owner@uni.example');
    h.openai.state.addProjectUser(alpha.id, third?.id as string, 'owner');
    const id = await submitRequest(h, rita, { projectId: alpha.id, projectName: 'Alpha', role: 'owner' });
    await approve(h, owner, id);
    const reports = () => h.slack.messages(ADMIN_CHANNEL).filter((m) => m.text?.includes('has 4 owners'));
    expect(reports()).toHaveLength(1);
    await sweep();
    h.clock.advance(8 * DAY);
    await sweep();
    expect(reports()).toHaveLength(1);
  });

  it('should report a project with no owner in the weekly sweep, once, and only weekly', async () => {
    h.openai.state.addProject({ name: 'Orphan' });
    await sweep();
    const reports = () =>
      h.slack.messages(ADMIN_CHANNEL).filter((m) => m.text?.includes('*Orphan* has no owner'));
    expect(reports()).toHaveLength(1);
    const listsBefore = h.openai.callCount('GET', /^\/organization\/projects$/);
    h.clock.advance(3 * DAY);
    await h.restart();
    await sweep();
    expect(h.openai.callCount('GET', /^\/organization\/projects$/)).toBe(listsBefore);
    h.clock.advance(5 * DAY);
    await sweep();
    expect(h.openai.callCount('GET', /^\/organization\/projects$/)).toBe(listsBefore + 1);
    expect(reports()).toHaveLength(1);
  });
});
