import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { ActionIds, ViewCallbackIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { requestFormValues } from '../support/request-form.js';

const JUSTIFICATION = 'Running evaluation jobs for my thesis chapter on retrieval.';
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;

let h: Harness;
let alpha: { id: string; name: string | null };
let owner: Person;
let secondOwner: Person;
let requester: Person;
let admin: Person;

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN' } });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  secondOwner = h.person({ slackId: 'UOWNER2', name: 'Otto Owner' });
  requester = h.person({ slackId: 'UREQ', name: 'Rita Researcher' });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  alpha = h.openai.state.addProject({ name: 'Alpha' });
  h.openai.state.addProject({ name: 'Beta' });
  h.openai.state.addProject({ name: 'Old Project', status: 'archived' });
  h.openai.state.addProjectUser(alpha.id, owner.orgUserId as string, 'owner');
  h.openai.state.addProjectUser(alpha.id, secondOwner.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

/** `/access`, then submit the modal it opened; returns the HTTP answer of the submission. */
async function submitRequest(
  who: Person,
  form: { projectId?: string; role?: string; justification?: string; endDate?: string },
) {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: '' }));
  const opened = h.slack.openedViews.at(-1);
  if (!opened) throw new Error('no modal was opened');
  return h.settle(
    h.sender.viewSubmissionOf({
      userId: who.slackId,
      view: h.slack.view(opened.id),
      values: requestFormValues(form),
    }),
  );
}

async function onlyRequest() {
  const rows = await h.bot.db.selectFrom('access_requests').selectAll().execute();
  expect(rows).toHaveLength(1);
  return rows[0] as (typeof rows)[number];
}

function lastDmText(userId: string): string {
  return JSON.stringify(h.slack.dmsTo(userId).at(-1));
}

function approveClick(who: Person, requestId: string) {
  return clickButton(h, who.slackId, ActionIds.approveRequest, requestId);
}

describe('Slack request signing', () => {
  it('should answer 401 to a forged signature and 401 to a stale timestamp', async () => {
    const body = 'command=%2Faccess&text=help&user_id=UREQ&team_id=T1&trigger_id=1.2.3';
    const forged = await h.sender.raw({
      body,
      contentType: 'application/x-www-form-urlencoded',
      headers: {
        'x-slack-signature': `v0=${'0'.repeat(64)}`,
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
      },
    });
    expect(forged.status).toBe(401);

    const { signSlackRequest } = await import('../fakes/slack-request-sender.js');
    const stale = await h.sender.raw({
      body,
      contentType: 'application/x-www-form-urlencoded',
      headers: signSlackRequest(
        'test-signing-secret-0123456789',
        body,
        Math.floor(Date.now() / 1000) - 10 * 60,
      ),
    });
    expect(stale.status).toBe(401);
  });
});

describe('/access', () => {
  it('should open a modal offering only active projects, never archived ones or the Default project', async () => {
    const answer = await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: '' }));
    expect(answer.status).toBe(200);
    const opened = h.slack.openedViews.at(-1);
    const view = h.slack.view(opened?.id as string);
    const offered = JSON.stringify(view.blocks);
    expect(offered).toContain('"Alpha"');
    expect(offered).toContain('"Beta"');
    expect(offered).not.toContain('Old Project');
    expect(offered).not.toContain('Default project');
    expect(view.callback_id).toBe(ViewCallbackIds.requestAccess);
  });

  it('should preselect the project named after `request`, ignoring case', async () => {
    await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: 'request alpha' }));
    const view = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
    const select = view.blocks.find((b: { block_id?: string }) => b.block_id === 'project_block');
    expect(select.element.initial_option.value).toBe(alpha.id);
  });

  it('should answer help, and help for an unknown sub-command, privately', async () => {
    const help = await h.sender.slashCommand({ userId: requester.slackId, text: 'help' });
    expect(help.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('/access request'),
    });
    const unknown = await h.sender.slashCommand({ userId: requester.slackId, text: 'frobnicate' });
    expect(unknown.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining("I don't know `/access frobnicate`"),
    });
    expect(h.slack.openedViews).toHaveLength(0);
  });
});

describe('submitting a request', () => {
  it('should answer field errors in the modal and store nothing when the form is invalid', async () => {
    const answer = await submitRequest(requester, {
      projectId: alpha.id,
      justification: 'pls',
      endDate: '2026-11-01',
    });
    expect(answer.json).toEqual({
      response_action: 'errors',
      errors: {
        justification_block:
          'Write a full sentence (at least 3 words) saying what you will use the project for.',
        end_date_block: 'The end date cannot be in the past.',
      },
    });
    const rows = await h.bot.db.selectFrom('access_requests').selectAll().execute();
    expect(rows).toHaveLength(0);
  });

  it('should refuse a project archived while the form was open, with a field error', async () => {
    await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: 'request Alpha' }));
    const archived = await fetch(`${h.openai.baseURL}/organization/projects/${alpha.id}/archive`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.openai.adminKey}` },
    });
    expect(archived.status).toBe(200);
    const answer = await h.settle(
      h.sender.viewSubmissionOf({
        userId: requester.slackId,
        view: h.slack.view(h.slack.openedViews.at(-1)?.id as string),
        values: requestFormValues({ projectId: alpha.id, justification: JUSTIFICATION }),
      }),
    );
    expect(answer.json).toEqual({
      response_action: 'errors',
      errors: {
        project_block: 'That project cannot be requested any more (archived, or OpenAI’s Default project).',
      },
    });
    expect(await h.bot.db.selectFrom('access_requests').selectAll().execute()).toHaveLength(0);
  });

  it('should store one request when the same form is sent twice at once (the database decides)', async () => {
    await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: 'request Alpha' }));
    await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: 'request Alpha' }));
    const [first, second] = h.slack.openedViews.slice(-2);
    const values = requestFormValues({ projectId: alpha.id, justification: JUSTIFICATION });
    const answers = await h.settle(
      Promise.all(
        [first, second].map((opened) =>
          h.sender.viewSubmissionOf({
            userId: requester.slackId,
            view: h.slack.view(opened?.id as string),
            values,
          }),
        ),
      ),
    );
    const request = await onlyRequest();
    const refused = answers.filter((a) => JSON.stringify(a.json ?? {}).includes('errors'));
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0]?.json)).toContain(
      `You already have an open request for Alpha (${request.id}, pending)`,
    );
  });

  it('should store a pending request, DM each owner with buttons, and tell the requester who was asked', async () => {
    const answer = await submitRequest(requester, {
      projectId: alpha.id,
      role: 'member',
      justification: JUSTIFICATION,
      endDate: '2027-03-31',
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    const request = await onlyRequest();
    expect(request).toMatchObject({
      status: 'pending',
      project_id: alpha.id,
      requester_email: requester.email,
    });

    for (const approver of [owner, secondOwner]) {
      const dm = h.slack.dmsTo(approver.slackId).at(-1);
      const text = JSON.stringify(dm?.blocks);
      expect(text).toContain('<@UREQ>');
      expect(text).toContain('Alpha');
      expect(text).toContain(JUSTIFICATION);
      expect(text).toContain('2027-03-31');
      expect(text).toContain(ActionIds.approveRequest);
      expect(text).toContain(ActionIds.denyRequest);
    }
    expect(h.slack.dmsTo(admin.slackId)).toHaveLength(0);
    expect(lastDmText(requester.slackId)).toContain('Waiting for a decision from <@UOWNER> and <@UOWNER2>.');
  });

  it('should fall back to the bot admins when Slack knows no owner (users_not_found)', async () => {
    h.slack.failNext('users.lookupByEmail', 'users_not_found', 2);
    await submitRequest(requester, { projectId: alpha.id, justification: JUSTIFICATION });
    expect(h.slack.dmsTo(owner.slackId)).toHaveLength(0);
    expect(JSON.stringify(h.slack.dmsTo(admin.slackId).at(-1)?.blocks)).toContain(ActionIds.approveRequest);
    expect(lastDmText(requester.slackId)).toContain(
      'It went to the bot admins: no owner of the project could be reached',
    );
    expect((await onlyRequest()).status).toBe('pending');
  });
});

describe('approving', () => {
  async function pendingRequestId() {
    await submitRequest(requester, { projectId: alpha.id, role: 'member', justification: JUSTIFICATION });
    return (await onlyRequest()).id;
  }

  it('should add the requester to the project, update every copy and tell the requester', async () => {
    const id = await pendingRequestId();
    await h.settle(approveClick(owner, id));

    expect((await onlyRequest()).status).toBe('applied');
    const member = h.openai.state.projectUsers(alpha.id).find((u) => u.id === requester.orgUserId);
    expect(member?.role).toBe('member');

    const updates = h.slack.callsTo('chat.update');
    const copies = await h.bot.db
      .selectFrom('request_messages')
      .selectAll()
      .where('request_id', '=', id)
      .execute();
    expect(copies).toHaveLength(3);
    for (const copy of copies) {
      const current = h.slack.messages(copy.channel_id).find((m) => m.ts === copy.ts);
      const text = JSON.stringify(current?.blocks);
      expect(text).not.toContain(ActionIds.approveRequest);
      expect(text).toContain('Approved by <@UOWNER>');
      expect(text).toContain('Added to Alpha as member');
    }
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(lastDmText(requester.slackId)).toContain("You're in *Alpha*, as member");
  });

  it('should set the role when the requester is already a member of the project', async () => {
    h.openai.state.addProjectUser(alpha.id, requester.orgUserId as string, 'member');
    await submitRequest(requester, { projectId: alpha.id, role: 'owner', justification: JUSTIFICATION });
    const id = (await onlyRequest()).id;
    await h.settle(approveClick(owner, id));
    expect(h.openai.state.projectUsers(alpha.id).find((u) => u.id === requester.orgUserId)?.role).toBe(
      'owner',
    );
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(0);
    expect((await onlyRequest()).status).toBe('applied');
  });

  it('should refuse the requester approving their own request, even when they own the project', async () => {
    h.openai.state.addProjectUser(alpha.id, requester.orgUserId as string, 'owner');
    const id = await pendingRequestId();
    await h.settle(approveClick(requester, id));
    expect(h.slack.responses.at(-1)?.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'You cannot decide your own request. Another owner of the project or a bot admin has to.',
    });
    expect((await onlyRequest()).status).toBe('pending');
  });

  it('should refuse someone who is not an owner of the project now, whatever the button says', async () => {
    const stranger = h.person({ slackId: 'USTRANGER', name: 'Sam Stranger' });
    const id = await pendingRequestId();
    await h.settle(approveClick(stranger, id));
    expect(h.slack.responses.at(-1)?.body).toMatchObject({
      text: 'Only an owner of Alpha (in OpenAI) or a bot admin can decide this request.',
    });
    expect((await onlyRequest()).status).toBe('pending');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(0);
  });

  it('should refuse an owner removed from the project after the DM was sent: ownership is read at click time', async () => {
    const id = await pendingRequestId();
    const removed = await fetch(
      `${h.openai.baseURL}/organization/projects/${alpha.id}/users/${owner.orgUserId}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${h.openai.adminKey}` },
      },
    );
    expect(removed.status).toBe(200);
    await h.settle(approveClick(owner, id));
    expect(h.slack.responses.at(-1)?.body.text).toBe(
      'Only an owner of Alpha (in OpenAI) or a bot admin can decide this request.',
    );
    expect((await onlyRequest()).status).toBe('pending');
  });

  it('should let a bot admin approve', async () => {
    const id = await pendingRequestId();
    await h.settle(approveClick(admin, id));
    expect((await onlyRequest()).status).toBe('applied');
    const decision = await h.bot.db.selectFrom('decisions').selectAll().executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ outcome: 'approved', decided_by: 'UADMIN', decided_as: 'admin' });
  });

  it('should apply exactly once when two owners click at the same moment, and tell the second', async () => {
    const id = await pendingRequestId();
    await h.settle(Promise.all([approveClick(owner, id), approveClick(secondOwner, id)]));
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
    expect((await onlyRequest()).status).toBe('applied');
    const refusals = h.slack.responses.map((r) => r.body.text);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/^This request was already approved by <@UOWNER2?>\.$/);
  });

  it('should answer a second click of the same owner with who approved', async () => {
    const id = await pendingRequestId();
    await h.settle(approveClick(owner, id));
    await h.settle(approveClick(owner, id));
    expect(h.slack.responses.at(-1)?.body.text).toBe('This request was already approved by <@UOWNER>.');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
  });

  it('should retry an Admin API 500 and apply once', async () => {
    const id = await pendingRequestId();
    h.openai.failNext({ method: 'POST', path: PROJECT_USERS }, { status: 500 });
    await h.settle(approveClick(owner, id));
    expect((await onlyRequest()).status).toBe('applied');
    expect(h.openai.state.projectUsers(alpha.id).filter((u) => u.id === requester.orgUserId)).toHaveLength(1);
    expect(
      h.openai.calls.filter((c) => c.method === 'POST' && PROJECT_USERS.test(c.path)).map((c) => c.status),
    ).toEqual([500, 200]);
  });

  it('should wait for Retry-After on a 429 and apply once', async () => {
    const id = await pendingRequestId();
    h.openai.failNext(
      { method: 'POST', path: PROJECT_USERS },
      {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { message: 'Rate limit', type: 'rate_limit', param: null, code: null } },
      },
    );
    const started = Date.now();
    await h.settle(approveClick(owner, id));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await onlyRequest()).status).toBe('applied');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(2);
  });

  it('should keep the approval as awaiting_invite when the requester is not an org user yet, and tell both', async () => {
    const newcomer = h.person({ slackId: 'UNEW', name: 'Nina Newcomer', orgMember: false });
    await submitRequest(newcomer, { projectId: alpha.id, justification: JUSTIFICATION });
    const id = (await onlyRequest()).id;
    await h.settle(approveClick(owner, id));
    expect((await onlyRequest()).status).toBe('awaiting_invite');
    expect(lastDmText(newcomer.slackId)).toContain(
      "You'll be added to *Alpha* as member as soon as you accept your invitation to the OpenAI organization. OpenAI just mailed it to nina.newcomer@uni.example on",
    );
    // The owner's copy, updated in place, says it all; no second DM repeats it.
    const ownerDms = h.slack.dmsTo(owner.slackId);
    expect(ownerDms).toHaveLength(1);
    expect(lastDmText(owner.slackId)).toContain(
      'nina.newcomer@uni.example has not joined the OpenAI organization yet: access is added as soon as they accept the invite OpenAI mailed them on',
    );
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(0);
  });

  it('should record every state change in audit_events', async () => {
    const id = await pendingRequestId();
    await h.settle(approveClick(owner, id));
    const trail = await auditTrailOf(h.bot.db, 'access_request', id);
    expect(
      trail.map((e) => [
        e.action,
        e.actor,
        e.before_state && JSON.parse(e.before_state).status,
        JSON.parse(e.after_state ?? '{}').status,
      ]),
    ).toEqual([
      ['request.submitted', 'UREQ', null, 'pending'],
      ['request.approved', 'UOWNER', 'pending', 'approved'],
      ['request.applied', 'system', 'approved', 'applied'],
    ]);
  });
});

describe('denying', () => {
  it('should ask for an optional reason, deny atomically, update every copy and tell the requester the reason', async () => {
    await submitRequest(requester, { projectId: alpha.id, justification: JUSTIFICATION });
    const id = (await onlyRequest()).id;
    await h.settle(clickButton(h, owner.slackId, ActionIds.denyRequest, id));
    const modal = h.slack.openedViews.at(-1);
    expect(modal?.view.callback_id).toBe(ViewCallbackIds.denyReason);

    await h.settle(
      h.sender.viewSubmissionOf({
        userId: owner.slackId,
        view: h.slack.view(modal?.id as string),
        values: {
          reason_block: {
            reason: {
              type: 'plain_text_input',
              value: 'Use the Beta project instead. <https://evil.example|docs>',
            },
          },
        },
      }),
    );
    expect((await onlyRequest()).status).toBe('denied');
    expect(lastDmText(requester.slackId)).toContain(
      // The reason is the approver's own text: shown as text, never as a disguised link.
      'was denied by <@UOWNER>. Reason: “Use the Beta project instead. &lt;https://evil.example|docs&gt;”',
    );
    const copy = h.slack.dmsTo(secondOwner.slackId).at(-1);
    expect(JSON.stringify(copy?.blocks)).not.toContain(ActionIds.approveRequest);
    expect(JSON.stringify(copy?.blocks)).toContain('Denied by <@UOWNER>');

    // An approval after the denial changes nothing.
    await h.settle(approveClick(secondOwner, id));
    expect(h.slack.responses.at(-1)?.body.text).toBe('This request was already denied by <@UOWNER>.');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(0);
  });

  it('should not open the reason modal for someone who may not deny', async () => {
    await submitRequest(requester, { projectId: alpha.id, justification: JUSTIFICATION });
    const id = (await onlyRequest()).id;
    const before = h.slack.openedViews.length;
    await h.settle(clickButton(h, requester.slackId, ActionIds.denyRequest, id));
    expect(h.slack.openedViews).toHaveLength(before);
    expect(h.slack.responses.at(-1)?.body.text).toContain('You cannot decide your own request');
  });
});

describe('GET /healthz', () => {
  it('should answer 200 with the database state, and 503 when the database is unusable', async () => {
    const healthy = await fetch(`${h.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({
      status: 'ok',
      database: { ok: true, engine: h.config.DATABASE_URL.startsWith('postgres') ? 'postgres' : 'sqlite' },
      leases: [],
      // None has run yet (test/e2e/health.test.ts shows them after they run).
      sweeps: [
        'invites',
        'requests',
        'budgets',
        'projects',
        'service-accounts',
        'slack-accounts',
        'keys',
        'onboardings',
      ].map((name) => expect.objectContaining({ name, last_started_at: null, outcome: null })),
    });

    await h.bot.db.destroy();
    const broken = await fetch(`${h.url}/healthz`);
    expect(broken.status).toBe(503);
    expect(await broken.json()).toMatchObject({ status: 'unavailable', database: { ok: false } });
  });
});

describe('logs', () => {
  it('should write JSON lines that say what went wrong without the admin key, even when OpenAI refuses it', async () => {
    await submitRequest(requester, { projectId: alpha.id, justification: JUSTIFICATION });
    const id = (await onlyRequest()).id;
    h.openai.failNext(
      { method: 'GET', path: /^\/organization\/users$/ },
      {
        status: 401,
        body: {
          error: {
            message: `Incorrect API key provided: ${h.openai.adminKey}.`,
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        },
      },
    );
    await h.settle(approveClick(owner, id));
    const parsed = h.logs.map((line) => JSON.parse(line) as { level: string; msg: string });
    const failure = parsed.find((l) => l.level === 'error' && l.msg.includes(`Applying ${id} failed`));
    expect(failure?.msg).toContain('Check that OPENAI_ADMIN_KEY is a valid organization admin key.');
    expect(failure?.msg).toContain('Incorrect API key provided: [redacted].');
    expect(h.logs.join('\n')).not.toContain(h.openai.adminKey);
    // The approver is told in Slack, also without the key.
    const told = JSON.stringify(h.slack.dmsTo(owner.slackId).at(-1));
    expect(told).toContain('adding them failed');
    expect(told).not.toContain(h.openai.adminKey);
  });
});

describe('shutdown', () => {
  it('should finish an approval in flight before stopping', async () => {
    await submitRequest(requester, { projectId: alpha.id, justification: JUSTIFICATION });
    const id = (await onlyRequest()).id;
    // A slow failure, then the SDK's retry: the add is still in flight when the stop begins.
    h.openai.failNext({ method: 'POST', path: PROJECT_USERS }, { status: 500, delayMs: 500 });
    const click = approveClick(owner, id);
    await click;
    // Slack has its answer; the add is still waiting on OpenAI when the stop begins.
    await h.bot.stop();
    expect(h.openai.state.projectUsers(alpha.id).some((u) => u.id === requester.orgUserId)).toBe(true);
    expect(lastDmText(requester.slackId)).toContain("You're in *Alpha*");
  });
});
