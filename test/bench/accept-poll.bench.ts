/**
 * `npm run bench:accept` (issue 14, point 5): how soon someone is in their project after
 * accepting their invite, with ACCEPT_POLL_SECONDS=30.
 *
 * A fake org of 2 000 users, 50 projects and 1 200 pending invites; 200 of the invitees wait on
 * a pre-assignment (an approved request in status `awaiting_invite`, linked to their invite,
 * which was sent by hand and carries no project, so the bot must add them). They accept at random
 * moments within an hour while the bot's timers fire as the scheduler fires them (the poll every
 * 30 s, the full sweep every 300 s, each from a random phase), on a ManualClock: see
 * `support/accept-simulation.ts`, which the onboarding benchmark reuses.
 *
 * Targets: acceptance-to-membership p95 ≤ 45 s; every poll that lists walks the invite list
 * once (pages = ceil(invites ÷ 100)); everyone in. Exit code 1 when a target is missed.
 *
 * Settings (environment): BENCH_INVITEES (default 200), BENCH_WINDOW_SECONDS (default 3600).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { decideRequest, insertPendingRequest, transitionRequest } from '../../src/db/access-requests.js';
import { linkPreAssignments } from '../../src/db/invite-links.js';
import { startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { startFakeSlack } from '../fakes/fake-slack.js';
import { ManualClock } from '../support/manual-clock.js';
import { type SimulatedInvitee, simulateAcceptances } from './support/accept-simulation.js';
import { ms, seededRandom, slackId, table, verdict } from './support/report.js';

const USERS = 2_000;
const PROJECTS = 50;
const OTHER_INVITES = 1_000;
const INVITEES = Number(process.env.BENCH_INVITEES ?? '200');
const WINDOW_SECONDS = Number(process.env.BENCH_WINDOW_SECONDS ?? '3600');
const ACCEPT_POLL_SECONDS = 30;
const SWEEP_INTERVAL_SECONDS = 300;
const P95_TARGET_SECONDS = 45;
const PAGE = 100;

const log = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (value: number) => `${value.toFixed(1)} s`;

async function main(): Promise<number> {
  const random = seededRandom(20261202);
  const clock = new ManualClock('2026-12-02T09:00:00Z');
  const unixNow = () => Math.floor(clock.now().getTime() / 1000);
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin({ now: unixNow });
  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-bench-accept-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    OPENAI_ADMIN_KEY: openai.adminKey,
    OPENAI_BASE_URL: openai.baseURL,
    DATABASE_URL: `sqlite:${join(dataDir, 'bot.sqlite')}`,
    LOG_LEVEL: 'error',
    ACCESS_ADMINS: slackId('ADM', 0),
    ACCEPT_POLL_SECONDS: String(ACCEPT_POLL_SECONDS),
    SWEEP_INTERVAL_SECONDS: String(SWEEP_INTERVAL_SECONDS),
  });
  const bot = await createBot(config, { clock, slackRetries: 0, adminRetries: 0 });

  try {
    // ---- the org, straight into the fake's state ----
    const setupStarted = performance.now();
    const state = openai.state;
    const owners = Array.from({ length: PROJECTS }, (_, i) => {
      const email = `owner${i}@uni.example`;
      const user = state.addUser({ email, name: `Owner ${i}`, role: 'reader' });
      slack.addUser({ id: slackId('OWN', i), name: `owner${i}`, email, realName: `Owner ${i}` });
      return { slackId: slackId('OWN', i), orgUserId: user.id };
    });
    for (let i = PROJECTS; i < USERS; i += 1) {
      state.addUser({ email: `user${i}@uni.example`, name: `User ${i}`, role: 'reader' });
    }
    const projects = owners.map((owner, i) => {
      const project = state.addProject({ name: `Project ${String(i).padStart(3, '0')}` });
      state.addProjectUser(project.id, owner.orgUserId, 'owner');
      return { id: project.id, name: project.name as string, owner };
    });
    for (let i = 0; i < OTHER_INVITES; i += 1) {
      state.addInvite({ email: `someone${i}@elsewhere.example`, projects: [] });
    }
    const invitees: SimulatedInvitee[] = [];
    for (let i = 0; i < INVITEES; i += 1) {
      const email = `invitee${i}@uni.example`;
      const project = projects[Math.floor(random() * projects.length)] as (typeof projects)[number];
      // Sent by hand from the dashboard, carrying nothing: the bot must add them itself.
      const invite = state.addInvite({ email, projects: [] });
      slack.addUser({ id: slackId('INV', i), name: `invitee${i}`, email, realName: `Invitee ${i}` });
      const at = clock.now();
      const submitted = await insertPendingRequest(
        bot.db,
        {
          requester_slack_id: slackId('INV', i),
          requester_email: email,
          project_id: project.id,
          project_name: project.name,
          role: 'member',
          justification: 'Course project for the spring term.',
          access_ends_on: null,
        },
        at,
      );
      if (!submitted) throw new Error('setup: an open request for this person and project exists already');
      await decideRequest(bot.db, {
        requestId: submitted.id,
        outcome: 'approved',
        decidedBy: project.owner.slackId,
        decidedAs: 'owner',
        reason: null,
        at,
      });
      const waiting = await transitionRequest(bot.db, {
        id: submitted.id,
        from: 'approved',
        to: 'awaiting_invite',
        actor: 'system',
        action: 'request.awaiting_invite',
        at,
        details: { email },
      });
      if (!waiting) throw new Error(`setup: ${submitted.id} did not reach awaiting_invite`);
      await linkPreAssignments(bot.db, { invite, created: false, requestIds: [waiting.id], email, at });
      invitees.push({ inviteId: invite.id, email, projectIds: [project.id] });
    }
    const setupMs = performance.now() - setupStarted;
    const invites = state.invites().length;
    const pagesPerWalk = Math.ceil(invites / PAGE);

    // ---- the simulation ----
    clock.advance(1_000);
    const started = performance.now();
    const result = await simulateAcceptances({
      bot,
      openai,
      clock,
      invitees,
      pollSeconds: ACCEPT_POLL_SECONDS,
      sweepSeconds: SWEEP_INTERVAL_SECONDS,
      windowSeconds: WINDOW_SECONDS,
      random,
    });
    const wallMs = performance.now() - started;

    // ---- report ----
    const latencyOk = result.notIn === 0 && result.p95 <= P95_TARGET_SECONDS;
    const walksOk = result.polls.listed > 0 && result.walksPerListingPoll.max === 1;
    const failures = result.polls.failures + result.sweeps.failures;
    const ok = latencyOk && walksOk && failures === 0;
    log(
      `acceptance poll benchmark (node ${process.version}, setup ${ms(setupMs)}, simulation ${ms(wallMs)})`,
    );
    log(
      `org: ${USERS} users, ${PROJECTS} projects, ${invites} invites (${pagesPerWalk} pages); ${INVITEES} invitees ` +
        `waiting on invites sent by hand, accepting at random within ${WINDOW_SECONDS} s; ` +
        `ACCEPT_POLL_SECONDS=${ACCEPT_POLL_SECONDS}, SWEEP_INTERVAL_SECONDS=${SWEEP_INTERVAL_SECONDS}`,
    );
    log();
    log(
      table(
        ['measure', 'value', 'target', 'result'],
        [
          ['acceptance → membership p50', seconds(result.p50), '', ''],
          [
            'acceptance → membership p95',
            seconds(result.p95),
            `≤ ${P95_TARGET_SECONDS} s`,
            verdict(latencyOk),
          ],
          ['acceptance → membership max', seconds(result.max), '', ''],
          ['invitees not in at the end', result.notIn, 0, result.notIn === 0 ? 'ok' : 'WRONG'],
          [
            'invite-list walks per listing poll',
            `${result.walksPerListingPoll.min}–${result.walksPerListingPoll.max}`,
            '1',
            verdict(walksOk),
          ],
          [
            'invite pages per listing poll',
            `${result.pagesPerListingPoll.min}–${result.pagesPerListingPoll.max}`,
            pagesPerWalk,
            '',
          ],
          ['poll ticks (listed / ran)', `${result.polls.listed} / ${result.polls.runs}`, '', ''],
          [
            `listings (polls + sweeps) per ${ACCEPT_POLL_SECONDS} s`,
            (
              (result.polls.listed + result.sweeps.ran) /
              (result.simulatedSeconds / ACCEPT_POLL_SECONDS)
            ).toFixed(2),
            '≤ 1',
            '',
          ],
          ['full sweeps', result.sweeps.ran, '', ''],
          ['invite pages asked in all', result.invitePages, '', ''],
          ['failures (polls + sweeps)', failures, 0, failures === 0 ? 'ok' : 'WRONG'],
        ],
      ),
    );
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
