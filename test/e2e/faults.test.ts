import { afterEach, describe, expect, it } from 'vitest';
import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { approve, requestRow, submitRequest } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';

const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;
const ORG_USERS = /^\/organization\/users$/;
const MINUTE = 60_000;

let h: Harness;
let owner: Person;
let rita: Person;
let alpha: string;

async function start(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness({ ...options, env: { ACCESS_ADMINS: 'UADMIN', ...options.env } });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  h.openai.state.addProjectUser(alpha, owner.orgUserId as string, 'owner');
}

afterEach(async () => {
  await h.close();
});

const memberships = () => h.openai.state.projectUsers(alpha).filter((u) => u.id === rita.orgUserId);

describe('Admin API faults', () => {
  it('should retry a timed-out add whose change went through, and end with one membership', async () => {
    await start({ bot: { adminTimeoutMs: 400 } });
    const id = await submitRequest(h, rita, { projectId: alpha, projectName: 'Alpha' });
    h.openai.failNext(
      { method: 'POST', path: PROJECT_USERS },
      { status: 200, delayMs: 1_000, applyRequest: true, body: {} },
    );
    await approve(h, owner, id);
    expect((await requestRow(h, id)).status).toBe('applied');
    expect(memberships()).toHaveLength(1);
  });

  it('should survive malformed JSON: tell the approver, then finish in a later sweep exactly once', async () => {
    await start();
    const id = await submitRequest(h, rita, { projectId: alpha, projectName: 'Alpha' });
    h.openai.failNext(
      { method: 'GET', path: ORG_USERS },
      { status: 200, rawBody: '{"object":"list","data":[' },
    );
    await approve(h, owner, id);
    const row = await requestRow(h, id);
    expect(row.status).toBe('approved');
    expect(row.last_error).toContain('with something the bot could not read');
    expect(h.slack.dmsTo(owner.slackId).at(-1)?.text).toContain('but adding them failed');

    h.clock.advance(3 * MINUTE);
    const report = await h.bot.jobs.invites.run();
    await h.bot.idle();
    expect(report.resumed).toBe(1);
    expect((await requestRow(h, id)).status).toBe('applied');
    expect(memberships()).toHaveLength(1);
    await h.bot.jobs.invites.run();
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
  });

  it('should tell the approver once when applying keeps failing, and retry quietly in every sweep', async () => {
    await start();
    const id = await submitRequest(h, rita, { projectId: alpha, projectName: 'Alpha' });
    h.openai.failNext({ method: 'POST', path: PROJECT_USERS }, { status: 400, times: 100 });
    await approve(h, owner, id);
    for (let sweep = 0; sweep < 3; sweep += 1) {
      h.clock.advance(5 * MINUTE);
      await h.bot.jobs.invites.run();
      await h.bot.idle();
    }
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(4);
    const told = h.slack.dmsTo(owner.slackId).filter((m) => m.text?.includes('but adding them failed'));
    expect(told).toHaveLength(1);
    expect((await requestRow(h, id)).status).toBe('approved');
  });

  it('should keep the decision and report it when OpenAI keeps failing (5xx past the retries)', async () => {
    await start();
    const id = await submitRequest(h, rita, { projectId: alpha, projectName: 'Alpha' });
    h.openai.failNext({ method: 'POST', path: PROJECT_USERS }, { status: 503, times: 3 });
    await approve(h, owner, id);
    expect((await requestRow(h, id)).status).toBe('approved');
    expect(JSON.stringify(h.slack.dmsTo(rita.slackId).at(-1))).toContain('but adding to the project failed');
    // The button is gone for good: a second click is told, not applied again.
    await h.settle(clickButton(h, owner.slackId, ActionIds.approveRequest, id));
    expect(h.slack.responses.at(-1)?.body.text).toBe('This request was already approved by <@UOWNER>.');
  });
});

describe('Slack faults', () => {
  it('should wait out a Slack rate limit and deliver each message once', async () => {
    await start({ bot: { slackRetries: 2 } });
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const id = await submitRequest(h, rita, { projectId: alpha, projectName: 'Alpha' });
    const toOwner = h.slack.dmsTo(owner.slackId).filter((m) => JSON.stringify(m.blocks).includes(id));
    expect(toOwner).toHaveLength(1);
    expect(h.slack.dmsTo(rita.slackId)).toHaveLength(1);
  });

  it('should send admin alerts by DM, saying why, when ADMIN_CHANNEL is refused (channel_not_found)', async () => {
    await start({ env: { ADMIN_CHANNEL: 'C0NOSUCH01' } });
    h.openai.state.addProject({ name: 'Orphan' });
    await h.bot.jobs.requests.run();
    await h.bot.idle();
    const dm = JSON.stringify(h.slack.dmsTo('UADMIN').at(-1));
    expect(dm).toContain('*Orphan* has no owner');
    expect(dm).toContain('Slack refused it (channel_not_found)');
    expect(
      h.logs.some((line) => line.includes('Could not post in ADMIN_CHANNEL C0NOSUCH01 (channel_not_found)')),
    ).toBe(true);
  });

  it('should keep a request and stay up when Slack refuses the token (invalid_auth)', async () => {
    await start();
    h.slack.failNext('conversations.open', 'invalid_auth', 10);
    const id = await submitRequest(h, rita, { projectId: alpha, projectName: 'Alpha' });
    expect((await requestRow(h, id)).status).toBe('pending');
    expect(h.logs.some((line) => line.includes('invalid_auth'))).toBe(true);
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    // Once Slack accepts the token again, the bot works as before.
    const again = await submitRequest(h, owner, { projectId: alpha, projectName: 'Alpha' });
    expect((await requestRow(h, again)).status).toBe('pending');
  });
});
