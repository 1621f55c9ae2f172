import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExportAudit } from '../../src/cli/export-audit.js';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { ActionIds, ViewCallbackIds } from '../../src/slack/ids.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { clickButton } from '../support/click.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';

const NOW = '2026-12-03T09:00:00Z';
const ADMIN_CHANNEL = 'C0ADMINS01';
const DAY = 86_400;
const KEYS = /^\/organization\/projects\/[^/]+\/api_keys$/;

let h: Harness;
let olga: Person;
let rita: Person;
let bob: Person;
let admin: Person;
let alpha: string;
let beta: string;
const keys: Record<string, string> = {};

beforeEach(async () => {
  h = await startHarness({ now: NOW, env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL } });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  olga = h.person({ slackId: 'UOLGA', name: 'Olga Owner' });
  rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
  bob = h.person({ slackId: 'UBOB', name: 'Bob Leaver' });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  const { state } = h.openai;
  alpha = state.addProject({ name: 'Alpha' }).id;
  beta = state.addProject({ name: 'Beta' }).id;
  state.addProjectUser(alpha, olga.orgUserId as string, 'owner');
  state.addProjectUser(alpha, rita.orgUserId as string, 'member');
  state.addProjectUser(alpha, bob.orgUserId as string, 'member');
  state.addProjectUser(beta, olga.orgUserId as string, 'owner');
  const t = Date.parse(NOW) / 1000;
  // Alpha: one key of each kind of finding, and one healthy key.
  keys.healthy = state.addApiKey({
    projectId: alpha,
    owner: { userId: rita.orgUserId as string },
    name: 'fine',
    lastUsedAt: t - DAY,
  }).id;
  keys.unused = state.addApiKey({
    projectId: alpha,
    owner: { userId: rita.orgUserId as string },
    name: 'old <notebook>',
    createdAt: t - 300 * DAY,
    lastUsedAt: t - 120 * DAY,
  }).id;
  keys.never = state.addApiKey({
    projectId: alpha,
    owner: { userId: rita.orgUserId as string },
    name: 'never',
    createdAt: t - 100 * DAY,
  }).id;
  keys.leaver = state.addApiKey({
    projectId: alpha,
    owner: { userId: bob.orgUserId as string },
    name: 'bob-prod',
    lastUsedAt: t - DAY,
  }).id;
  keys.service = state.addApiKey({
    projectId: alpha,
    owner: { serviceAccount: { name: 'ci-bot' } },
    name: 'ci',
    createdAt: t - 400 * DAY,
    lastUsedAt: t - DAY,
  }).id;
  keys.moved = state.addApiKey({
    projectId: beta,
    owner: { userId: rita.orgUserId as string },
    name: 'moved-on',
    lastUsedAt: t - DAY,
  }).id;
  // Bob left the organization; Rita is no longer in Beta (she never was).
  state.removeUser(bob.orgUserId as string);
});

afterEach(async () => {
  await h.close();
});

function dmTexts(who: Person): string[] {
  return h.slack.dmsTo(who.slackId).map((m) => renderBlocksAsText(m.blocks, m.text));
}

function adminTexts(): string[] {
  return h.slack.messages(ADMIN_CHANNEL).map((m) => renderBlocksAsText(m.blocks, m.text));
}

async function command(who: Person, text: string): Promise<string> {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text }));
  const answer = h.slack.ephemerals(who.slackId).at(-1);
  if (!answer) throw new Error(`${who.name} got no answer`);
  return renderBlocksAsText(answer.blocks, answer.text);
}

async function weekLater() {
  h.clock.advance(7 * DAY * 1000);
  return h.bot.jobs.keys.run();
}

async function deleteViaButton(who: Person, keyId: string, projectId = alpha) {
  await h.settle(clickButton(h, who.slackId, ActionIds.deleteKey, `${projectId}:${keyId}`));
  const view = h.slack.openedViews.at(-1);
  if (!view) throw new Error('no modal opened');
  return view.id;
}

describe('the weekly key report', () => {
  it('should tell each project owner once about every kind of finding, with a Delete key button per user key', async () => {
    await command(admin, `project Alpha tier production`);
    const report = await h.bot.jobs.keys.run();

    // Alpha: every key (its owners' personal keys are in production now); Beta: Rita's; the Default project: none.
    expect(report).toMatchObject({ ran: true, due: true, projects: 3, newFindings: 6, failures: [] });
    const [alphaDm, betaDm, ...others] = dmTexts(olga).sort((a, b) =>
      a.includes('Alpha') ? -1 : b.includes('Alpha') ? 1 : 0,
    );
    expect(others).toEqual([]);
    expect(alphaDm).toContain('*Alpha* need');
    expect(alphaDm).toContain('tier: production');
    expect(JSON.stringify(h.slack.dmsTo(olga.slackId).map((m) => m.blocks))).toContain(
      'old &lt;notebook&gt;',
    );
    expect(alphaDm).toMatch(/unused for 120 days/);
    expect(alphaDm).toMatch(/never used, created 100 days ago/);
    expect(alphaDm).toContain('its owner is no longer in the OpenAI organization');
    expect(alphaDm).toContain('a personal key in a production project');
    expect(alphaDm).toMatch(/service-account key 400 days old: rotation due/);
    expect(alphaDm).toContain('bob.leaver@uni.example');
    expect(alphaDm).toContain('*fine*');
    expect(betaDm).toContain('its owner no longer has access to this project');
    const buttons = JSON.stringify(h.slack.dmsTo(olga.slackId).map((m) => m.blocks));
    expect(buttons).toContain(`${alpha}:${keys.leaver}`);
    expect(buttons).not.toContain(`${alpha}:${keys.service}`);
    expect(dmTexts(rita)).toEqual([]);
    expect(adminTexts()).toEqual([
      expect.stringContaining('Key check of 3 projects: 6 new findings, still open: 0'),
    ]);
  });

  it('should send nothing to owners a week later when nothing changed, and tell the admins what is still open', async () => {
    const first = await h.bot.jobs.keys.run();
    const dms = h.slack.dmsTo(olga.slackId).length;

    const second = await weekLater();

    expect(second).toMatchObject({ ran: true, due: true, newFindings: 0, ownerMessages: 0 });
    expect(second.stillOpen).toBe(first.newFindings);
    expect(h.slack.dmsTo(olga.slackId)).toHaveLength(dms);
    expect(adminTexts().at(-1)).toContain(`0 new findings, still open: ${first.newFindings}`);
  });

  it('should not run again before the week is over, even after a restart', async () => {
    await h.bot.jobs.keys.run();
    const calls = h.openai.callCount('GET', KEYS);
    await h.restart();
    h.clock.advance(6 * DAY * 1000);
    expect(await h.bot.jobs.keys.run()).toMatchObject({ due: false });
    expect(h.openai.callCount('GET', KEYS)).toBe(calls);
  });

  it('should report a finding that changed, and only that one, with the digest of the rest', async () => {
    await h.bot.jobs.keys.run();
    const dms = h.slack.dmsTo(olga.slackId).length;
    // The healthy key's owner leaves the project: a new finding; the others stay as they were.
    h.openai.state.removeProjectUser(alpha, rita.orgUserId as string);

    const report = await weekLater();

    const fresh = dmTexts(olga).slice(dms);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toContain('*fine*');
    expect(fresh[0]).toContain('its owner no longer has access to this project');
    expect(fresh[0]).toMatch(/Still open from earlier reports: \d+/);
    // Rita's other two keys changed too (she lost the project): they are reported as changed.
    expect(report.newFindings).toBe(3);
  });

  it('should list per project one page of keys, and the org users once', async () => {
    const report = await h.bot.jobs.keys.run();
    expect(h.openai.callCount('GET', KEYS)).toBe(3);
    expect(
      h.openai.calls.filter((c) => KEYS.test(c.path)).every((c) => c.query.owner_project_access === 'any'),
    ).toBe(true);
    expect(h.openai.callCount('GET', '/organization/users')).toBe(1);
    expect(report).toMatchObject({ keyPages: 3, userPages: 1 });
  });
});

describe('Delete key', () => {
  beforeEach(async () => {
    await h.bot.jobs.keys.run();
  });

  it('should let an owner delete a key after a confirmation naming its last use, audit it and strike it in the report', async () => {
    const viewId = await deleteViaButton(olga, keys.leaver as string);
    expect(h.slack.view(viewId).callback_id).toBe(ViewCallbackIds.deleteKey);
    expect(renderBlocksAsText(h.slack.view(viewId).blocks)).toMatch(/bob-prod.*last used/s);

    await h.settle(
      h.sender.viewSubmissionOf({ userId: olga.slackId, view: h.slack.view(viewId), values: {} }),
    );

    expect(h.openai.state.apiKey(alpha, keys.leaver as string)).toBeUndefined();
    expect(renderBlocksAsText(h.slack.view(viewId).blocks)).toContain('Deleted bob-prod');
    const trail = await auditTrailOf(h.bot.db, 'project', alpha);
    expect(trail.map((e) => [e.action, e.actor])).toContainEqual(['key.deleted', olga.slackId]);
    const report = dmTexts(olga).find((t) => t.includes('*Alpha*')) ?? '';
    expect(report).toContain(`~bob-prod~`);
    expect(report).toContain('deleted by <@UOLGA>');
    const audit = await command(admin, 'audit');
    expect(audit).toContain(`<@UOLGA> deleted API key bob-prod`);
  });

  it('should count a key deleted meanwhile as done', async () => {
    const viewId = await deleteViaButton(admin, keys.unused as string);
    h.openai.state.removeApiKey(keys.unused as string);

    await h.settle(
      h.sender.viewSubmissionOf({ userId: admin.slackId, view: h.slack.view(viewId), values: {} }),
    );

    expect(renderBlocksAsText(h.slack.view(viewId).blocks)).toContain(
      'was already deleted; nothing left to do',
    );
    const trail = await auditTrailOf(h.bot.db, 'project', alpha);
    expect(trail.filter((e) => e.action === 'key.deleted')).toHaveLength(1);
  });

  it('should refuse a member who is not an owner, at the click and at the submission', async () => {
    const viewId = await deleteViaButton(rita, keys.never as string);
    expect(renderBlocksAsText(h.slack.view(viewId).blocks)).toContain(
      'Only owners of *Alpha* (in OpenAI) and bot admins can delete',
    );
    // An owner who opened the confirmation and lost the role before submitting is checked again.
    const ownerView = await deleteViaButton(olga, keys.never as string);
    h.openai.state.addProjectUser(alpha, olga.orgUserId as string, 'member');
    await h.settle(
      h.sender.viewSubmissionOf({ userId: olga.slackId, view: h.slack.view(ownerView), values: {} }),
    );
    expect(renderBlocksAsText(h.slack.view(ownerView).blocks)).toContain('Only owners of *Alpha*');
    expect(h.openai.state.apiKey(alpha, keys.never as string)).toBeDefined();
    expect(h.openai.callCount('DELETE', /api_keys/)).toBe(0);
  });
});

describe('/access keys and /access project … tier', () => {
  it('should show an owner the project keys that need a look, and refuse a member', async () => {
    const text = await command(olga, 'keys alpha');
    expect(text).toContain('*Alpha* (no tier set): 5 API keys, 4 need a look.');
    expect(text).toContain('its owner is no longer in the OpenAI organization');
    expect(await command(rita, 'keys Alpha')).toContain(
      'Only owners of *Alpha* (in OpenAI) and bot admins can see its API keys.',
    );
    expect(await command(olga, 'keys Alpah')).toContain('Did you mean *Alpha*?');
  });

  it('should let a bot admin set a tier, audited and shown in the budget view, and refuse others', async () => {
    expect(await command(olga, 'project Alpha tier production')).toContain('Only bot admins');
    expect(await command(admin, 'project Alpha tier prod')).toContain('Did you mean *production*?');
    expect(await command(admin, 'project Alpah tier production')).toContain('Did you mean *Alpha*?');
    expect(await command(admin, 'project Alpha tier production')).toContain(
      '*Alpha* is now tier *production*.',
    );
    expect(await command(admin, 'project Alpha')).toContain('*Alpha*: tier: production.');

    expect(await command(olga, 'budget Alpha')).toContain('*Tier:* production');
    const trail = await auditTrailOf(h.bot.db, 'project', alpha);
    expect(trail.map((e) => [e.action, e.actor, e.after_state])).toContainEqual([
      'project.tier_set',
      admin.slackId,
      JSON.stringify({ tier: 'production' }),
    ]);
    expect(await command(admin, 'audit')).toContain('set the tier of project');
    expect(await command(admin, 'audit Alpha')).toContain(
      `set the tier of project \`${alpha}\` to production`,
    );
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => undefined };
    expect(await runExportAudit([], { DATABASE_URL: h.config.DATABASE_URL }, io, { clock: h.clock })).toBe(0);
    expect(out.join('')).toMatch(new RegExp(`project\\.tier_set,project,${alpha},${alpha},`));
  });
});
