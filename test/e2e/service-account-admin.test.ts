import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { askForServiceAccount, clickShowKey, newestRequestOf } from '../support/service-account-flow.js';

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

/** A service account made through the bot (asked, approved, key shown); returns its request id. */
async function madeAccount(name: string, endDate?: string): Promise<string> {
  await askForServiceAccount(h, requester, {
    projectId: alpha.id,
    projectName: 'Alpha',
    name,
    ...(endDate ? { endDate } : {}),
  });
  const request = await newestRequestOf(h, requester);
  await h.settle(clickButton(h, owner.slackId, ActionIds.approveRequest, request.id));
  await clickShowKey(h, requester, request.id);
  return request.id;
}

/** `/access service-accounts Alpha` as `who`; the private answer it got. */
async function listAs(who: Person): Promise<string> {
  const before = h.slack.responses.length;
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: 'service-accounts Alpha' }));
  return JSON.stringify(h.slack.responses.slice(before).map((r) => r.body));
}

describe('/access service-accounts', () => {
  it('should list accounts with redacted keys, last use and who asked, for owners only', async () => {
    await madeAccount('grading-prod');
    h.openai.state.serviceAccounts.add({ projectId: alpha.id, name: 'dashboard-made' });
    const [key] = h.openai.state.serviceAccounts.keysOf(alpha.id);
    h.openai.state.useApiKey(key?.id as string);

    const listed = await listAs(owner);
    expect(listed).toContain('grading-prod');
    expect(listed).toContain('dashboard-made');
    expect(listed).toContain('made outside the bot');
    expect(listed).toContain('asked for by <@UREQ>');
    expect(listed).toContain('last used');
    expect(listed).toContain(ActionIds.rotateServiceAccount);
    expect(listed).not.toContain(h.openai.state.serviceAccounts.secretsIssued[0]);

    const refused = await listAs(requester);
    expect(refused).toContain('Only owners of Alpha');
    expect(refused).not.toContain('grading-prod');
  });
});

describe('Delete', () => {
  it('should refuse a non-owner, and delete after the owner confirms', async () => {
    const requestId = await madeAccount('grading-prod');
    const [account] = accountsOfAlpha();
    const value = `${alpha.id}:${account?.id}`;

    // A forged Delete click by someone who is neither owner nor admin: refused, nothing deleted.
    await h.settle(clickButton(h, stranger.slackId, ActionIds.deleteServiceAccount, value));
    expect(accountsOfAlpha()).toHaveLength(1);
    expect(JSON.stringify(h.slack.responses.at(-1)?.body)).toContain('Only owners of Alpha');

    await listAs(owner);
    const opened = h.slack.openedViews.length;
    await h.settle(clickButton(h, owner.slackId, ActionIds.deleteServiceAccount, value));
    const confirm = h.slack.openedViews[opened] as { id: string };
    expect(JSON.stringify(h.slack.view(confirm.id))).toContain('cannot be undone');
    await h.settle(
      h.sender.viewSubmissionOf({ userId: owner.slackId, view: h.slack.view(confirm.id), values: {} }),
    );

    expect(accountsOfAlpha()).toEqual([]);
    expect((await newestRequestOf(h, requester)).status).toBe('revoked');
    expect(JSON.stringify(h.slack.dmsTo(requester.slackId).at(-1))).toContain('was deleted');
    const trail = await auditTrailOf(h.bot.db, 'service_account', account?.id as string);
    expect(trail.map((e) => [e.action, e.actor])).toEqual([['service_account.deleted', owner.slackId]]);
    expect(requestId).toBeTruthy();
  });

  it('should check again at submission: an owner who lost ownership meanwhile cannot delete', async () => {
    await madeAccount('grading-prod');
    const [account] = accountsOfAlpha();
    await h.settle(
      clickButton(h, owner.slackId, ActionIds.deleteServiceAccount, `${alpha.id}:${account?.id}`),
    );
    const confirm = h.slack.openedViews.at(-1) as { id: string };
    h.openai.state.addProjectUser(alpha.id, owner.orgUserId as string, 'member');
    await h.settle(
      h.sender.viewSubmissionOf({ userId: owner.slackId, view: h.slack.view(confirm.id), values: {} }),
    );
    expect(accountsOfAlpha()).toHaveLength(1);
    expect(JSON.stringify(h.slack.dmsTo(owner.slackId).at(-1))).toContain('Only owners of Alpha');
  });
});

describe('Rotate', () => {
  it('should show a replacement key once, and delete the old account when the owner confirms', async () => {
    await madeAccount('grading-prod');
    const [old] = accountsOfAlpha();
    await h.settle(clickButton(h, owner.slackId, ActionIds.rotateServiceAccount, `${alpha.id}:${old?.id}`));
    const rotation = await newestRequestOf(h, owner);
    expect(rotation).toMatchObject({
      kind: 'service_account_rotation',
      status: 'applied',
      replaces_service_account_id: old?.id,
    });

    const modal = await clickShowKey(h, owner, rotation.id);
    const newSecret = h.openai.state.serviceAccounts.secretsIssued[1] as string;
    expect(JSON.stringify(modal)).toContain(newSecret);
    expect(JSON.stringify(modal)).toContain(ActionIds.confirmRotation);
    // Both accounts live until the owner says the new key works.
    expect(accountsOfAlpha().map((a) => a.name)).toEqual(['grading-prod', 'grading-prod']);

    const view = h.slack.openedViews.at(-1) as { id: string };
    await h.settle(
      h.sender.blockAction({
        userId: owner.slackId,
        actionId: ActionIds.confirmRotation,
        value: rotation.id,
        view: { id: view.id },
      }),
    );
    const left = accountsOfAlpha();
    expect(left.map((a) => a.id)).not.toContain(old?.id);
    expect(left).toHaveLength(1);
    expect(h.openai.state.serviceAccounts.keysOf(alpha.id, old?.id)).toEqual([]);
    expect(JSON.stringify(h.slack.dmsTo(requester.slackId).at(-1))).toContain('confirmed its replacement');
    expect(h.slack.calls.filter((c) => JSON.stringify(c).includes(newSecret))).toHaveLength(1);
  });

  it('should refuse Rotate from someone who is not an owner or admin', async () => {
    await madeAccount('grading-prod');
    const [old] = accountsOfAlpha();
    await h.settle(
      clickButton(h, stranger.slackId, ActionIds.rotateServiceAccount, `${alpha.id}:${old?.id}`),
    );
    expect(JSON.stringify(h.slack.responses.at(-1)?.body)).toContain('Only owners of Alpha');
    expect(
      await h.bot.db
        .selectFrom('access_requests')
        .selectAll()
        .where('kind', '=', 'service_account_rotation')
        .execute(),
    ).toEqual([]);
  });
});

describe('end date', () => {
  it('should warn the owners 7 days and 1 day before, then delete the account on the day', async () => {
    // The harness starts 2026-11-23 10:00 UTC.
    const requestId = await madeAccount('summer-school', '2026-12-10');
    const run = () => h.settle(h.bot.jobs.serviceAccounts.run());
    const ownerDms = () => h.slack.dmsTo(owner.slackId).map((m) => JSON.stringify(m));

    await run();
    expect(ownerDms().filter((m) => m.includes('is removed on'))).toHaveLength(0);

    h.clock.set('2026-12-03T08:00:00Z');
    await run();
    await run();
    expect(ownerDms().filter((m) => m.includes('in 7 days'))).toHaveLength(1);

    h.clock.set('2026-12-09T08:00:00Z');
    await run();
    expect(ownerDms().filter((m) => m.includes('tomorrow'))).toHaveLength(1);
    expect(accountsOfAlpha()).toHaveLength(1);

    h.clock.set('2026-12-10T00:05:00Z');
    const report = await run();
    expect(report).toMatchObject({ ran: true, removed: 1, failures: [] });
    expect(accountsOfAlpha()).toEqual([]);
    expect(
      (
        await h.bot.db
          .selectFrom('access_requests')
          .select('status')
          .where('id', '=', requestId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('revoked');
    expect(ownerDms().filter((m) => m.includes('its end date was reached'))).toHaveLength(1);
    expect(JSON.stringify(h.slack.dmsTo(requester.slackId).at(-1))).toContain('its end date was reached');
  });
});

describe('rotation of an account with an end date', () => {
  it('should give the replacement the same end date, so it is removed on that day too', async () => {
    await madeAccount('summer-school', '2026-12-10');
    const [old] = accountsOfAlpha();
    await h.settle(clickButton(h, owner.slackId, ActionIds.rotateServiceAccount, `${alpha.id}:${old?.id}`));
    const rotation = await newestRequestOf(h, owner);
    expect(rotation.service_account_ends_on).toBe('2026-12-10');
    await clickShowKey(h, owner, rotation.id);
    const view = h.slack.openedViews.at(-1) as { id: string };
    await h.settle(
      h.sender.blockAction({
        userId: owner.slackId,
        actionId: ActionIds.confirmRotation,
        value: rotation.id,
        view: { id: view.id },
      }),
    );
    expect(accountsOfAlpha()).toHaveLength(1);

    h.clock.set('2026-12-10T00:05:00Z');
    const report = await h.settle(h.bot.jobs.serviceAccounts.run());
    expect(report).toMatchObject({ ran: true, removed: 1, failures: [] });
    expect(accountsOfAlpha()).toEqual([]);
  });
});

describe('App Home', () => {
  it('should show the requester their service-account requests with status', async () => {
    await madeAccount('grading-prod');
    await h.settle(h.sender.appHomeOpened({ userId: requester.slackId }));
    const home = JSON.stringify(h.slack.homeViews(requester.slackId).at(-1));
    expect(home).toContain('Service account “grading-prod” in Alpha');
    expect(home).toContain('key shown');
  });
});
