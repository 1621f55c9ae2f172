import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { ActionIds, ServiceAccountModalFields } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import {
  askForServiceAccount,
  clickShowKey,
  newestRequestOf,
  wholeDatabaseText,
} from '../support/service-account-flow.js';

const ACCOUNTS = /^\/organization\/projects\/[^/]+\/service_accounts$/;

let h: Harness;
let alpha: { id: string; name: string | null };
let owner: Person;
let requester: Person;
let stranger: Person;

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN' } });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  requester = h.person({ slackId: 'UREQ', name: 'Rita Researcher' });
  stranger = h.person({ slackId: 'USTRANGER', name: 'Sam Stranger' });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  alpha = h.openai.state.addProject({ name: 'Alpha' });
  h.openai.state.addProjectUser(alpha.id, owner.orgUserId as string, 'owner');
  h.openai.state.addProjectUser(alpha.id, requester.orgUserId as string, 'member');
});

afterEach(async () => {
  await h.close();
});

const accountsOfAlpha = () => h.openai.state.serviceAccounts.list(alpha.id);

/** Asks for `name` and has the owner approve; returns the request id. */
async function approvedRequest(name: string, endDate?: string): Promise<string> {
  await askForServiceAccount(h, requester, {
    projectId: alpha.id,
    projectName: 'Alpha',
    name,
    ...(endDate ? { endDate } : {}),
  });
  const request = await newestRequestOf(h, requester);
  await h.settle(clickButton(h, owner.slackId, ActionIds.approveRequest, request.id));
  return request.id;
}

function modalText(view: unknown): string {
  return JSON.stringify(view ?? null);
}

describe('requesting a service account', () => {
  it('should go to the owners, refuse a non-owner approval, and make nothing before Show key', async () => {
    await askForServiceAccount(h, requester, {
      projectId: alpha.id,
      projectName: 'Alpha',
      name: 'grading-prod',
    });
    const request = await newestRequestOf(h, requester);
    expect(request).toMatchObject({
      kind: 'service_account',
      status: 'pending',
      service_account_name: 'grading-prod',
    });
    expect(JSON.stringify(h.slack.dmsTo(owner.slackId).at(-1))).toContain('asks for a service account');

    // Someone who is not an owner forges an Approve click: refused from current data.
    await h.settle(clickButton(h, stranger.slackId, ActionIds.approveRequest, request.id));
    expect((await newestRequestOf(h, requester)).status).toBe('pending');
    expect(
      JSON.stringify(h.slack.responses.at(-1)?.body ?? h.slack.dmsTo(stranger.slackId).at(-1)),
    ).toContain('Only an owner of Alpha');

    await h.settle(clickButton(h, owner.slackId, ActionIds.approveRequest, request.id));
    expect((await newestRequestOf(h, requester)).status).toBe('applied');
    // Approval makes nothing in OpenAI: the account and key are made when the key is shown.
    expect(accountsOfAlpha()).toEqual([]);
    expect(h.openai.callCount('POST', ACCOUNTS)).toBe(0);
    expect(JSON.stringify(h.slack.dmsTo(requester.slackId).at(-1))).toContain(ActionIds.showKey);
  });

  it('should refuse a taken name and a past end date on the form itself', async () => {
    h.openai.state.serviceAccounts.add({ projectId: alpha.id, name: 'ci' });
    const answer = await askForServiceAccount(h, requester, {
      projectId: alpha.id,
      projectName: 'Alpha',
      name: 'CI',
      endDate: '2026-11-01',
    });
    const errors = (answer.json as { errors?: Record<string, string> }).errors ?? {};
    expect(errors[ServiceAccountModalFields.name.block]).toContain('already has a service account');
    expect(errors[ServiceAccountModalFields.endDate.block]).toContain('tomorrow or later');
    expect(await h.bot.db.selectFrom('access_requests').selectAll().execute()).toEqual([]);
  });
});

describe('Show key', () => {
  it('should show the secret once, in one Slack call, and keep it nowhere', async () => {
    const requestId = await approvedRequest('grading-prod');
    const modal = await clickShowKey(h, requester, requestId);

    const accounts = accountsOfAlpha();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.role).toBe('member');
    const [secret] = h.openai.state.serviceAccounts.secretsIssued;
    expect(secret).toMatch(/^sk-svcacct-/);
    expect(modalText(modal)).toContain(secret);
    expect(modalText(modal)).toContain('secrets manager');

    // The modal was opened (loading) before the key was made, then filled by exactly one update.
    const withSecret = h.slack.calls.filter((c) => JSON.stringify(c).includes(secret as string));
    expect(withSecret.map((c) => c.method)).toEqual(['views.update']);
    expect(JSON.stringify(h.slack.callsTo('views.open').at(-1))).toContain('Creating the key');
    expect(JSON.stringify(h.slack.responses)).not.toContain(secret);

    // Not in the database (every row, the file and its WAL), not in any log line.
    expect(await wholeDatabaseText(h)).not.toContain(secret);
    expect(h.logs.filter((line) => line.includes(secret as string))).toEqual([]);

    const row = await newestRequestOf(h, requester);
    expect(row.service_account_id).toBe(accounts[0]?.id);
    expect(row.key_shown_at).not.toBeNull();
    const trail = (await auditTrailOf(h.bot.db, 'access_request', requestId)).map((e) => e.action);
    expect(trail).toEqual([
      'service_account.requested',
      'request.approved',
      'service_account.ready',
      'service_account.key_shown',
    ]);
  });

  it('should refuse a second click and offer a new key the owners approve again', async () => {
    const requestId = await approvedRequest('grading-prod');
    await clickShowKey(h, requester, requestId);
    const second = await clickShowKey(h, requester, requestId);
    expect(modalText(second)).toContain('already shown');
    expect(modalText(second)).toContain(ActionIds.newKey);
    expect(h.openai.state.serviceAccounts.secretsIssued).toHaveLength(1);
    expect(h.openai.callCount('POST', /\/api_keys$/)).toBe(0);

    // Create a new key: a new request for a key of the same account, sent to the owners.
    const view = h.slack.openedViews.at(-1) as { id: string };
    await h.settle(
      h.sender.blockAction({
        userId: requester.slackId,
        actionId: ActionIds.newKey,
        value: requestId,
        view: { id: view.id },
      }),
    );
    const again = await newestRequestOf(h, requester);
    expect(again).toMatchObject({
      kind: 'service_account_key',
      status: 'pending',
      service_account_id: accountsOfAlpha()[0]?.id,
    });
    await h.settle(clickButton(h, owner.slackId, ActionIds.approveRequest, again.id));
    const shown = await clickShowKey(h, requester, again.id);
    const newSecret = h.openai.state.serviceAccounts.secretsIssued[1];
    expect(modalText(shown)).toContain(newSecret);
    expect(accountsOfAlpha()).toHaveLength(1);
    expect(h.openai.state.serviceAccounts.keysOf(alpha.id)).toHaveLength(2);
  });

  it('should make one key when two clicks arrive at once (two replicas, a double click)', async () => {
    const requestId = await approvedRequest('grading-prod');
    // Held, so both clicks are in flight before either reaches OpenAI.
    const hold = h.openai.hold({ method: 'GET', path: ACCOUNTS });
    const both = Promise.all([
      clickButton(h, requester.slackId, ActionIds.showKey, requestId),
      clickButton(h, requester.slackId, ActionIds.showKey, requestId),
    ]);
    await hold.reached;
    hold.release();
    await h.settle(both);
    expect(accountsOfAlpha()).toHaveLength(1);
    expect(h.openai.state.serviceAccounts.secretsIssued).toHaveLength(1);
    const updates = h.slack.callsTo('views.update').map((c) => JSON.stringify(c));
    expect(
      updates.filter((u) => u.includes(h.openai.state.serviceAccounts.secretsIssued[0] as string)),
    ).toHaveLength(1);
    expect(updates.filter((u) => u.includes('already shown'))).toHaveLength(1);
  });

  it('should refuse the click of someone else, and a click after 24 hours', async () => {
    const requestId = await approvedRequest('grading-prod');
    const forged = await clickShowKey(h, stranger, requestId);
    expect(modalText(forged)).toContain('Only the person who asked');
    h.clock.advance(25 * 3_600_000);
    const late = await clickShowKey(h, requester, requestId);
    expect(modalText(late)).toContain('valid for 24 hours');
    expect(accountsOfAlpha()).toEqual([]);
  });

  it.each([500, 503])(
    'should make exactly one account when the create answers %i after OpenAI made it',
    async (status) => {
      const requestId = await approvedRequest('grading-prod');
      h.openai.failNext({ method: 'POST', path: ACCOUNTS }, { status, applyRequest: true });
      const modal = await clickShowKey(h, requester, requestId);
      expect(h.openai.callCount('POST', ACCOUNTS)).toBe(1);
      expect(accountsOfAlpha()).toHaveLength(1);
      // The lost answer's key was never seen; the account got a fresh one, shown now.
      const shownSecret = h.openai.state.serviceAccounts.secretsIssued[1];
      expect(modalText(modal)).toContain(shownSecret);
      const trail = await auditTrailOf(h.bot.db, 'access_request', requestId);
      expect(trail.at(-1)?.details).toContain('"found_after_uncertain_create":true');
    },
  );

  it('should leave the button working when OpenAI refuses for certain, and not create twice', async () => {
    const requestId = await approvedRequest('grading-prod');
    h.openai.failNext({ method: 'POST', path: ACCOUNTS }, { status: 500 });
    const failed = await clickShowKey(h, requester, requestId);
    expect(modalText(failed)).toContain('OpenAI did not make the key');
    expect(accountsOfAlpha()).toEqual([]);
    const retried = await clickShowKey(h, requester, requestId);
    expect(modalText(retried)).toContain(h.openai.state.serviceAccounts.secretsIssued[0]);
    expect(accountsOfAlpha()).toHaveLength(1);
  });
});

describe('the request life cycle it shares with access requests', () => {
  it('should remind the owners, then expire, and a denial is told in service-account words', async () => {
    await askForServiceAccount(h, requester, { projectId: alpha.id, projectName: 'Alpha', name: 'slow-one' });
    const slow = await newestRequestOf(h, requester);
    h.clock.advance(25 * 3_600_000);
    expect((await h.settle(h.bot.jobs.requests.run())).reminded).toBe(1);
    h.clock.advance(7 * 24 * 3_600_000);
    expect((await h.settle(h.bot.jobs.requests.run())).expired).toBe(1);
    expect((await newestRequestOf(h, requester)).status).toBe('expired');
    expect(JSON.stringify(h.slack.dmsTo(requester.slackId).at(-1))).toContain(
      'service-account request for *Alpha*',
    );
    expect(slow.id).toBeTruthy();

    await askForServiceAccount(h, requester, {
      projectId: alpha.id,
      projectName: 'Alpha',
      name: 'denied-one',
    });
    const denied = await newestRequestOf(h, requester);
    await h.settle(clickButton(h, owner.slackId, ActionIds.denyRequest, denied.id));
    const modal = h.slack.openedViews.at(-1) as { id: string };
    await h.settle(
      h.sender.viewSubmissionOf({ userId: owner.slackId, view: h.slack.view(modal.id), values: {} }),
    );
    expect((await newestRequestOf(h, requester)).status).toBe('denied');
    expect(JSON.stringify(h.slack.dmsTo(requester.slackId).at(-1))).toContain(
      'a service account in *Alpha* was denied',
    );
    expect(accountsOfAlpha()).toEqual([]);
  });
});
