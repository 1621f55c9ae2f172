/**
 * `npm run bench:sweep` (issue 3, point 8): the cost of one invite sweep in a large org.
 *
 * A fake org of 10 000 users, 1 000 projects and 2 000 pending invites, 500 of which carry a
 * pre-assignment (an approved request in status `awaiting_invite`, linked to a tracked invite).
 * One warm-up sweep, then 50 of the pre-assigned invitees accept their invite, then one sweep is
 * measured: the Admin API calls it made (from the fake's own record) and its wall time.
 *
 * Targets: calls ≤ ceil(invites ÷ 100) + accepted users looked up + memberships added; ≤ 2 s.
 * Exit code 1 when a target is missed or the sweep did not do its work.
 *
 * Settings (environment): BENCH_OWNER_SHARE, the share of pre-assignments asking for the owner role
 * (default 0.04: OpenAI recommends 2–3 owners per project, so owner requests are rare but real).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { decideRequest, insertPendingRequest, transitionRequest } from '../../src/db/access-requests.js';
import type { AccessRequest } from '../../src/db/schema.js';
import { grantedByInvite } from '../../src/domain/invite-rules.js';
import { type FakeAdminCall, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { startFakeSlack } from '../fakes/fake-slack.js';
import { ManualClock } from '../support/manual-clock.js';
import { ms, seededRandom, slackId, table, verdict } from './support/report.js';

const USERS = 10_000;
const PROJECTS = 1_000;
const INVITES = 2_000;
const PRE_ASSIGNMENTS = 500;
const ACCEPTED = 50;
const OWNERS = 200; // people who own the projects (and approve the requests): 2 per project
const MEMBERS_PER_PROJECT = 8;
const PAGE = 100;
const WALL_TARGET_MS = 2_000;
const STALL_AFTER_HOURS = 48;
const ADMIN_CHANNEL = 'C0BENCHADM';
const OWNER_SHARE = Number(process.env.BENCH_OWNER_SHARE ?? '0.04');

const log = (line = '') => process.stdout.write(`${line}\n`);

/** `/organization/projects/proj_x/users/user-y` → `/organization/projects/{project_id}/users/{user_id}`. */
function endpointOf(call: FakeAdminCall): string {
  const path = call.path
    .split('/')
    .map((part) =>
      part.startsWith('proj_')
        ? '{project_id}'
        : part.startsWith('user-')
          ? '{user_id}'
          : part.startsWith('invite-')
            ? '{invite_id}'
            : part,
    )
    .join('/');
  return `${call.method} ${path}`;
}

function countByEndpoint(calls: readonly FakeAdminCall[]): Map<string, { calls: number; failed: number }> {
  const counts = new Map<string, { calls: number; failed: number }>();
  for (const call of calls) {
    const key = endpointOf(call);
    const entry = counts.get(key) ?? { calls: 0, failed: 0 };
    entry.calls += 1;
    if (call.status !== 200) entry.failed += 1;
    counts.set(key, entry);
  }
  return counts;
}

async function main(): Promise<number> {
  const random = seededRandom(20261123);
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  const unixNow = () => Math.floor(clock.now().getTime() / 1000);
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin({ now: unixNow });
  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-bench-sweep-'));
  slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    OPENAI_ADMIN_KEY: openai.adminKey,
    OPENAI_BASE_URL: openai.baseURL,
    DATABASE_URL: `sqlite:${join(dataDir, 'bot.sqlite')}`,
    LOG_LEVEL: 'error',
    ADMIN_CHANNEL,
    ACCESS_ADMINS: slackId('ADM', 0),
    STALL_AFTER_HOURS: String(STALL_AFTER_HOURS),
  });
  // No retries: a failed call shows up as a failure of the sweep, not as extra calls.
  const bot = await createBot(config, { clock, slackRetries: 0, adminRetries: 0 });

  try {
    // ---- the org, straight into the fake's state ----
    const setupStarted = performance.now();
    const state = openai.state;
    const owners = Array.from({ length: OWNERS }, (_, i) => {
      const email = `owner${i}@uni.example`;
      const user = state.addUser({ email, name: `Owner ${i}`, role: 'reader' });
      const person = { slackId: slackId('OWN', i), email, orgUserId: user.id };
      slack.addUser({ id: person.slackId, name: `owner${i}`, email, realName: `Owner ${i}` });
      return person;
    });
    const users = Array.from({ length: USERS - OWNERS }, (_, i) =>
      state.addUser({ email: `user${i}@uni.example`, name: `User ${i}`, role: 'reader' }),
    );
    const projects = Array.from({ length: PROJECTS }, (_, i) => {
      const project = state.addProject({ name: `Project ${String(i).padStart(4, '0')}` });
      for (const o of [i % OWNERS, (i + 1) % OWNERS]) {
        state.addProjectUser(project.id, owners[o]?.orgUserId as string, 'owner');
      }
      for (let m = 0; m < MEMBERS_PER_PROJECT; m += 1) {
        const user = users[Math.floor(random() * users.length)];
        if (user && !state.projectUser(project.id, user.id))
          state.addProjectUser(project.id, user.id, 'member');
      }
      return { id: project.id, name: project.name as string, owner: owners[i % OWNERS] };
    });

    // Invites: one per pre-assigned invitee, the rest sent by people in the dashboard. All younger
    // than the stall threshold, so the sweep has no nudges to post.
    const inviteAge = () => Math.floor((1 + random() * (STALL_AFTER_HOURS - 8)) * 3600);
    interface Invitee {
      index: number;
      slackId: string;
      email: string;
      inviteId: string;
      request?: AccessRequest;
    }
    const invitees: Invitee[] = [];
    for (let i = 0; i < PRE_ASSIGNMENTS; i += 1) {
      const email = `invitee${i}@uni.example`;
      const project = projects[Math.floor(random() * projects.length)] as (typeof projects)[number];
      const role = random() < OWNER_SHARE ? ('owner' as const) : ('member' as const);
      // Six in ten were sent by the bot and carry the project; the rest came from the dashboard.
      const byBot = random() < 0.6;
      const invite = state.addInvite({
        email,
        projects: byBot ? [{ id: project.id, role }] : [],
        createdAt: unixNow() - inviteAge(),
      });
      const person: Invitee = { index: i, slackId: slackId('INV', i), email, inviteId: invite.id };
      slack.addUser({ id: person.slackId, name: `invitee${i}`, email, realName: `Invitee ${i}` });
      invitees.push(person);
      const invitedAt = new Date(invite.created_at * 1000);
      // The bot's own path: a submitted request, announced to the project's owners, approved,
      // found not to be an org user, then linked to the invite (InviteService.handle's two steps).
      const submitted = await insertPendingRequest(
        bot.db,
        {
          requester_slack_id: person.slackId,
          requester_email: email,
          project_id: project.id,
          project_name: project.name,
          role,
          justification: 'Evaluation runs for the retrieval chapter of my thesis.',
          access_ends_on: null,
        },
        new Date(invitedAt.getTime() - 10 * 60_000),
      );
      if (!submitted) throw new Error('an open request for this person and project exists already');
      await bot.services.intake.announce(submitted.id);
      await decideRequest(bot.db, {
        requestId: submitted.id,
        outcome: 'approved',
        decidedBy: project.owner?.slackId as string,
        decidedAs: 'owner',
        reason: null,
        at: invitedAt,
      });
      const waiting = await transitionRequest(bot.db, {
        id: submitted.id,
        from: 'approved',
        to: 'awaiting_invite',
        actor: 'system',
        action: 'request.awaiting_invite',
        at: invitedAt,
        details: { email },
      });
      if (!waiting) throw new Error(`setup: ${submitted.id} did not reach awaiting_invite`);
      await bot.services.invites.attachToInvite([waiting]);
      person.request = waiting;
    }
    for (let i = PRE_ASSIGNMENTS; i < INVITES; i += 1) {
      state.addInvite({
        email: `someone${i}@elsewhere.example`,
        projects: random() < 0.5 ? [] : [{ id: projects[i % PROJECTS]?.id as string, role: 'member' }],
        createdAt: unixNow() - inviteAge(),
      });
    }
    const linked = await bot.db
      .selectFrom('access_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'awaiting_invite')
      .where('invite_id', 'is not', null)
      .executeTakeFirstOrThrow();
    if (Number(linked.n) !== PRE_ASSIGNMENTS) {
      throw new Error(`setup: ${linked.n} linked pre-assignments, expected ${PRE_ASSIGNMENTS}`);
    }
    const setupMs = performance.now() - setupStarted;

    // ---- warm-up sweep: nothing accepted yet ----
    clock.advance(5 * 60_000);
    let mark = openai.calls.length;
    let started = performance.now();
    const warm = await bot.jobs.invites.run();
    await bot.idle();
    const warmMs = performance.now() - started;
    const warmCalls = openai.calls.slice(mark);

    // ---- 50 pre-assigned invitees accept, spread over the org ----
    const shuffled = [...invitees].sort(() => random() - 0.5);
    const accepting = shuffled.slice(0, ACCEPTED);
    for (const person of accepting) state.acceptInvite(person.inviteId, { name: `Invitee ${person.index}` });
    const acceptedRequests = accepting.map((p) => p.request as AccessRequest);
    const expectedAdds = accepting.filter((p) => {
      const invite = state.invite(p.inviteId);
      const r = p.request as AccessRequest;
      return !grantedByInvite(invite?.projects ?? [], { projectId: r.project_id, role: r.role });
    }).length;
    const ownerAccepted = acceptedRequests.filter((r) => r.role === 'owner').length;

    // ---- the measured sweep ----
    clock.advance(5 * 60_000);
    mark = openai.calls.length;
    const slackMark = slack.calls.length;
    started = performance.now();
    const report = await bot.jobs.invites.run();
    await bot.idle();
    const wallMs = performance.now() - started;
    const calls = openai.calls.slice(mark);
    const slackCalls = slack.calls.length - slackMark;

    // ---- did it do its work? ----
    const problems: string[] = [];
    if (!report.ran) problems.push('the sweep did not run (lease held)');
    if (report.failures.length > 0) {
      problems.push(
        `${report.failures.length} failures, e.g. ${report.failures[0]?.subject}: ${report.failures[0]?.error}`,
      );
    }
    if (report.accepted !== ACCEPTED) problems.push(`accepted ${report.accepted}, expected ${ACCEPTED}`);
    if (report.applied !== acceptedRequests.length)
      problems.push(`applied ${report.applied}, expected ${acceptedRequests.length}`);
    if (report.nudged + report.closed > 0)
      problems.push(`nudged ${report.nudged} / closed ${report.closed}, expected none`);
    for (const r of acceptedRequests) {
      const row = await bot.db
        .selectFrom('access_requests')
        .select(['status', 'openai_user_id'])
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow();
      const member = row.openai_user_id ? state.projectUser(r.project_id, row.openai_user_id) : undefined;
      const enough = member && (member.role === r.role || member.role === 'owner');
      if (row.status !== 'applied' || !enough) {
        problems.push(`${r.id} (${r.role} of ${r.project_id}) is ${row.status}, member: ${member?.role}`);
      }
    }
    const stillWaiting = await bot.db
      .selectFrom('access_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'awaiting_invite')
      .executeTakeFirstOrThrow();
    if (Number(stillWaiting.n) !== PRE_ASSIGNMENTS - acceptedRequests.length)
      problems.push(`${stillWaiting.n} still awaiting an invite`);

    // ---- report ----
    const invitesListed = state.invites().length;
    const listPages = Math.ceil(invitesListed / PAGE);
    const target = listPages + ACCEPTED + expectedAdds;
    const byEndpoint = countByEndpoint(calls);
    const warmByEndpoint = countByEndpoint(warmCalls);
    const membershipsAdded = calls.filter(
      (c) =>
        c.method === 'POST' && /^\/organization\/projects\/[^/]+\/users$/.test(c.path) && c.status === 200,
    ).length;
    const callsOk = calls.length <= target;
    const timeOk = wallMs <= WALL_TARGET_MS;
    const ok = callsOk && timeOk && problems.length === 0;

    log(`invite sweep benchmark (node ${process.version}, setup ${ms(setupMs)})`);
    log(
      `org: ${state.users().length - ACCEPTED} users, ${PROJECTS} projects (+ Default), ${invitesListed} invites ` +
        `(pending before acceptance), ${PRE_ASSIGNMENTS} pre-assignments (${OWNER_SHARE * 100}% owner role), ` +
        `${ACCEPTED} accepted since the last sweep`,
    );
    log(
      `accepted invitees: ${acceptedRequests.length} pre-assignments, ${acceptedRequests.length - expectedAdds} ` +
        `granted by their invite, ${expectedAdds} to add, ${ownerAccepted} for the owner role`,
    );
    log();
    log(
      table(
        ['Admin API endpoint', 'warm-up sweep', 'measured sweep', 'non-200'],
        [...new Set([...warmByEndpoint.keys(), ...byEndpoint.keys()])]
          .sort()
          .map((key) => [
            key,
            warmByEndpoint.get(key)?.calls ?? 0,
            byEndpoint.get(key)?.calls ?? 0,
            byEndpoint.get(key)?.failed ?? 0,
          ]),
      ),
    );
    log();
    log(
      table(
        ['measure', 'value', 'target', 'result'],
        [
          [
            'Admin API calls per sweep',
            calls.length,
            `≤ ${target} (${listPages} pages + ${ACCEPTED} look-ups + ${expectedAdds} adds)`,
            verdict(callsOk),
          ],
          ['memberships added (POST 200)', membershipsAdded, expectedAdds, ''],
          ['wall time of the sweep', ms(wallMs), `≤ ${ms(WALL_TARGET_MS)}`, verdict(timeOk)],
          ['warm-up sweep', `${warmCalls.length} calls, ${ms(warmMs)}`, '', ''],
          ['Slack Web API calls (measured sweep)', slackCalls, '', ''],
          [
            'sweep report',
            `listed ${report.invitesListed}, accepted ${report.accepted}, applied ${report.applied}, failures ${report.failures.length}`,
            '',
            problems.length === 0 ? 'ok' : 'WRONG',
          ],
        ],
      ),
    );
    if (warm.failures.length > 0) log(`warm-up failures: ${JSON.stringify(warm.failures.slice(0, 3))}`);
    for (const problem of problems.slice(0, 10)) log(`  problem: ${problem}`);
    if (!callsOk) {
      log();
      log(
        `over budget by ${calls.length - target} calls; every call of the measured sweep beyond the budget:`,
      );
      const budget = new Map<string, number>([
        ['GET /organization/invites', listPages],
        ['GET /organization/users', ACCEPTED],
        ['POST /organization/projects/{project_id}/users', expectedAdds],
      ]);
      for (const [key, { calls: n }] of byEndpoint) {
        const extra = n - (budget.get(key) ?? 0);
        if (extra > 0) log(`  ${key}: ${extra} more than budgeted`);
      }
    }
    log();
    log(`RESULT: ${verdict(ok)}`);
    return ok ? 0 : 1;
  } finally {
    await bot.stop().catch(() => undefined);
    await Promise.all([slack.close(), openai.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
