import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBudget } from '../../src/db/budgets.js';
import { storeDailyCosts } from '../../src/db/daily-costs.js';
import { utcDay } from '../../src/domain/budget-period.js';
import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { approve, requestRow, submitRequest } from '../support/flows.js';
import { type Harness, type Person, SIGNING_SECRET, startHarness } from '../support/harness.js';
import { type Sample, sampleSum, scrape } from '../support/prometheus-text.js';

const PROJECT = 'Thesis Retrieval Lab';
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;
const INVITES = /^\/organization\/invites$/;
const HOUR = 3_600_000;

let h: Harness;
let owner: Person;
let rita: Person;
let newcomer: Person;
let lab: string;

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN' } });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
  newcomer = h.person({ slackId: 'UNEWCOMER', name: 'Nina Newcomer', orgMember: false });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  lab = h.openai.state.addProject({ name: PROJECT }).id;
  h.openai.state.addProjectUser(lab, owner.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

/** The change of every sample between two scrapes, by name and labels. */
const moved = (before: readonly Sample[], after: readonly Sample[], name: string, labels = {}) =>
  sampleSum(after, name, labels) - sampleSum(before, name, labels);

describe('GET /metrics', () => {
  it('should count a request from /access to applied: Slack requests by kind, the approval, the add-member call, and the pending gauge 1 → 0', async () => {
    const before = await scrape(h.url);
    expect(sampleSum(before, 'access_bot_pending_requests')).toBe(0);

    const id = await submitRequest(h, rita, { projectId: lab, projectName: PROJECT });
    const submitted = await scrape(h.url);
    expect(sampleSum(submitted, 'access_bot_pending_requests')).toBe(1);

    await approve(h, owner, id);
    expect((await requestRow(h, id)).status).toBe('applied');
    const after = await scrape(h.url);

    expect(sampleSum(after, 'access_bot_pending_requests')).toBe(0);
    expect(moved(before, after, 'access_bot_slack_requests_total', { kind: 'command' })).toBe(1);
    expect(moved(before, after, 'access_bot_slack_requests_total', { kind: 'view_submission' })).toBe(1);
    expect(moved(before, after, 'access_bot_slack_requests_total', { kind: 'action' })).toBe(1);
    // Every one was acknowledged, and its time to ack observed.
    expect(moved(before, after, 'access_bot_slack_ack_duration_seconds_count')).toBe(3);
    expect(moved(before, after, 'access_bot_slack_ack_duration_seconds_bucket', { le: '3' })).toBe(3);
    expect(moved(before, after, 'access_bot_request_decisions_total', { outcome: 'approved' })).toBe(1);
    expect(
      moved(before, after, 'access_bot_openai_admin_requests_total', {
        operation: 'projects.users.create',
        status_class: '2xx',
      }),
    ).toBe(1);
    expect(moved(before, after, 'access_bot_openai_admin_retries_total')).toBe(0);
    // The modal, the DMs and the approver's copies went through the Web API.
    expect(
      moved(before, after, 'access_bot_slack_api_calls_total', { method: 'views.open', outcome: 'ok' }),
    ).toBe(1);
    expect(
      moved(before, after, 'access_bot_slack_api_calls_total', { method: 'chat.postMessage' }),
    ).toBeGreaterThan(0);
    expect(after.text).toContain('# TYPE access_bot_slack_ack_duration_seconds histogram');
  });

  it('should count denied, cancelled and expired decisions apart from approvals', async () => {
    const denied = await submitRequest(h, rita, { projectId: lab, projectName: PROJECT });
    await h.bot.services.decisions.deny(denied, owner.slackId, 'Not this term');
    const cancelled = await submitRequest(h, rita, { projectId: lab, projectName: PROJECT });
    await h.settle(clickButton(h, rita.slackId, ActionIds.cancelRequest, cancelled));
    await submitRequest(h, rita, { projectId: lab, projectName: PROJECT });
    h.clock.advance(8 * 24 * HOUR); // past REQUEST_TTL_DAYS (7)
    await h.bot.jobs.requests.run();
    await h.bot.idle();
    const after = await scrape(h.url);
    expect(sampleSum(after, 'access_bot_request_decisions_total', { outcome: 'expired' })).toBe(1);
    expect(sampleSum(after, 'access_bot_request_decisions_total', { outcome: 'denied' })).toBe(1);
    expect(sampleSum(after, 'access_bot_request_decisions_total', { outcome: 'cancelled' })).toBe(1);
    expect(sampleSum(after, 'access_bot_request_decisions_total', { outcome: 'approved' })).toBe(0);
  });

  it('should show an Admin API 429 and 500 as status labels, and the retries that got past them', async () => {
    const id = await submitRequest(h, rita, { projectId: lab, projectName: PROJECT });
    const before = await scrape(h.url);
    // The owners' list is read at the click; the SDK retries reads (at once, as Retry-After-Ms says).
    h.openai.failNext(
      { method: 'GET', path: PROJECT_USERS },
      { status: 429, headers: { 'retry-after-ms': '1' } },
    );
    h.openai.failNext(
      { method: 'GET', path: PROJECT_USERS },
      { status: 500, headers: { 'retry-after-ms': '1' } },
    );
    await approve(h, owner, id);
    expect((await requestRow(h, id)).status).toBe('applied');
    const after = await scrape(h.url);
    const list = { operation: 'projects.users.list' };
    expect(moved(before, after, 'access_bot_openai_admin_requests_total', { ...list, status: '429' })).toBe(
      1,
    );
    expect(
      moved(before, after, 'access_bot_openai_admin_requests_total', {
        ...list,
        status: '500',
        status_class: '5xx',
      }),
    ).toBe(1);
    expect(
      moved(before, after, 'access_bot_openai_admin_requests_total', { ...list, status_class: '2xx' }),
    ).toBe(1);
    expect(moved(before, after, 'access_bot_openai_admin_retries_total', list)).toBe(2);
  });

  it('should show a sweep run: its duration, when it last succeeded, and a run that failed', async () => {
    const sweep = { sweep: 'invites' };
    const before = await scrape(h.url);
    expect(sampleSum(before, 'access_bot_sweep_duration_seconds_count', sweep)).toBe(0);
    await h.bot.jobs.invites.run();
    const after = await scrape(h.url);
    expect(sampleSum(after, 'access_bot_sweep_duration_seconds_count', sweep)).toBe(1);
    expect(sampleSum(after, 'access_bot_sweep_runs_total', { ...sweep, outcome: 'ok' })).toBe(1);
    const lastSuccess = h.clock.now().getTime() / 1000;
    expect(sampleSum(after, 'access_bot_sweep_last_success_timestamp_seconds', sweep)).toBe(lastSuccess);
    expect(sampleSum(after, 'access_bot_sweep_failures_total', sweep)).toBe(0);

    // Every attempt of the invites listing (the harness retries twice) answers 500: the sweep throws.
    h.clock.advance(HOUR);
    h.openai.failNext(
      { method: 'GET', path: INVITES },
      { status: 500, times: 3, headers: { 'retry-after-ms': '1' } },
    );
    await expect(h.bot.jobs.invites.run()).rejects.toThrow();
    const failed = await scrape(h.url);
    expect(sampleSum(failed, 'access_bot_sweep_failures_total', sweep)).toBe(1);
    expect(sampleSum(failed, 'access_bot_sweep_runs_total', { ...sweep, outcome: 'failed' })).toBe(1);
    expect(sampleSum(failed, 'access_bot_sweep_duration_seconds_count', sweep)).toBe(2);
    // Its last success stays where it was: that is what the "not succeeded for 3 intervals" alert reads.
    expect(sampleSum(failed, 'access_bot_sweep_last_success_timestamp_seconds', sweep)).toBe(lastSuccess);
    expect(
      sampleSum(failed, 'access_bot_openai_admin_requests_total', {
        operation: 'invites.list',
        status: '500',
      }),
    ).toBe(3);
  });

  it('should read the backlog gauges from the database: pre-assignments waiting, invites stalled, projects over budget', async () => {
    const id = await submitRequest(h, newcomer, { projectId: lab, projectName: PROJECT });
    await approve(h, owner, id);
    expect((await requestRow(h, id)).status).toBe('awaiting_invite');
    let samples = await scrape(h.url);
    expect(sampleSum(samples, 'access_bot_waiting_pre_assignments')).toBe(1);
    expect(sampleSum(samples, 'access_bot_stalled_invites')).toBe(0);

    h.clock.advance(49 * HOUR);
    const today = utcDay(h.clock.now());
    await saveBudget(
      h.bot.db,
      { projectId: lab, amountCents: 10_000, resetDay: 1, thresholds: [50] },
      'UADMIN',
      h.clock.now(),
    );
    await storeDailyCosts(
      h.bot.db,
      {
        costs: [{ projectId: lab, day: today, cents: 12_000 }],
        fromDay: today,
        toDay: today,
        recentFromDay: today,
      },
      h.clock.now(),
    );
    samples = await scrape(h.url);
    expect(sampleSum(samples, 'access_bot_stalled_invites')).toBe(1);
    expect(sampleSum(samples, 'access_bot_projects_over_budget')).toBe(1);
    expect(sampleSum(samples, 'access_bot_pending_requests')).toBe(0);
  });

  it('should keep each bot’s counts apart (a registry per bot, not the global one)', async () => {
    const other = await startHarness();
    try {
      await submitRequest(h, rita, { projectId: lab, projectName: PROJECT });
      expect(sampleSum(await scrape(h.url), 'access_bot_slack_requests_total', { kind: 'command' })).toBe(1);
      expect(sampleSum(await scrape(other.url), 'access_bot_slack_requests_total', { kind: 'command' })).toBe(
        0,
      );
    } finally {
      await other.close();
    }
  });

  it('should put no person, Slack id, project name or secret in any label value', async () => {
    const id = await submitRequest(h, rita, { projectId: lab, projectName: PROJECT });
    await approve(h, owner, id);
    const other = await submitRequest(h, newcomer, { projectId: lab, projectName: PROJECT });
    await approve(h, owner, other);
    h.slack.failNext('chat.postMessage', 'channel_not_found');
    await h.bot.services.decisions.deny(
      await submitRequest(h, rita, { projectId: lab, projectName: PROJECT }),
      owner.slackId,
      'Please ask again with rita@uni.example in CC',
    );
    await h.bot.jobs.invites.run();
    await h.bot.jobs.requests.run();
    const samples = await scrape(h.url);

    const people = [owner, rita, newcomer];
    const forbidden = [
      ...people.flatMap((p) => [p.email, p.slackId, p.name, ...(p.orgUserId ? [p.orgUserId] : [])]),
      PROJECT,
      lab,
      id,
      h.config.OPENAI_ADMIN_KEY,
      h.config.SLACK_BOT_TOKEN,
      SIGNING_SECRET,
    ];
    const values = [...new Set(samples.flatMap((s) => Object.values(s.labels)))];
    expect(values.length).toBeGreaterThan(20);
    const leaks = values.filter(
      (value) =>
        forbidden.some((secret) => value.includes(secret)) ||
        /@|sk-|xox[a-z]-|\bU[A-Z0-9]{3,}\b|proj_|user-|invite-/.test(value),
    );
    expect(leaks).toEqual([]);
    expect(forbidden.filter((secret) => samples.text.includes(secret))).toEqual([]);
    // The one Slack error the test scripted is there, by its code.
    expect(sampleSum(samples, 'access_bot_slack_api_errors_total', { error: 'channel_not_found' })).toBe(1);
  });
});

describe('the README on metrics', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Metrics'), readme.indexOf('## Benchmarks'));

  it('should list exactly the metrics the bot serves, and alert only on metrics that exist', async () => {
    const served = [...(await scrape(h.url)).text.matchAll(/^# TYPE (access_bot_\w+) /gm)]
      .map((m) => m[1] as string)
      .filter((name) => !/^access_bot_(?:process|nodejs)_/.test(name));
    const tableRows = section.split('\n').filter((line) => line.startsWith('| `access_bot_'));
    const listed = tableRows
      .map((row) => /^\| `(access_bot_\w+)`/.exec(row)?.[1])
      .filter((n) => n && !n.endsWith('_'));
    expect([...listed].sort()).toEqual([...served].sort());

    const rules = section.slice(section.indexOf('```yaml'));
    const used = new Set([...rules.matchAll(/access_bot_\w+/g)].map((m) => m[0]));
    expect(used.size).toBeGreaterThanOrEqual(4);
    expect([...used].filter((name) => !served.includes(name))).toEqual([]);
    expect(rules.match(/- alert: /g)).toHaveLength(3);
  });
});
