/**
 * `npm run bench:onboard` (issue 14, point 7): one group onboarding at scale.
 *
 * A fake org of 10 000 users and 2 000 pending invites; a group of 500 into one project: 100 org
 * users (also in Slack), 100 with a pending invite, 300 nobody knows yet. The fake Admin API
 * answers invite creates beyond 50 a second with 429 + Retry-After, and the bot is told its org's
 * pace (ONBOARD_INVITES_PER_SECOND=50). Real time, real sleeping: this measures the wall clock.
 *
 * Targets: invite creates = 300 and project adds = 100, every other Admin API call a list page
 * (users, invites, the project's users) or the one project read, 429-answered creates counted on
 * top; wall time ≤ 1.5 × what the rate limit itself imposes (300 ÷ 50 = 6 s → 9 s).
 *
 * Then the acceptances (ACCEPT_POLL_SECONDS=30, SWEEP_INTERVAL_SECONDS=300): the 400 left waiting
 * (100 pending invitees, 300 newly invited) accept at random moments within an hour while the
 * bot's acceptance poll and invite sweep fire as the scheduler fires them (`simulateAcceptances`,
 * shared with `npm run bench:accept`). Target: p95 ≤ 45 s (overall, and for the 100 whom the
 * bot itself adds: the 300 new invites carry the project, so OpenAI adds them on acceptance), everyone in the project, and the card
 * reading "500 of 500 in".
 *
 * The clock: ONE bot, whose clock is a `RealThenManualClock` — a ManualClock whose `now()` is the
 * real time until it is frozen. The onboarding phase runs on real time (real sleeping for the
 * pacing and Retry-After, as before); the clock is then frozen at the real moment the onboarding
 * ended and the simulation moves it from event to event. The fake Admin API stamps invites and
 * acceptances from the same clock, so "waiting since" and expiries are consistent across both.
 * Exit code 1 when a target is missed or the onboarding did not do its work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { type FakeAdminCall, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { startFakeSlack } from '../fakes/fake-slack.js';
import { ManualClock } from '../support/manual-clock.js';
import { type SimulatedInvitee, simulateAcceptances } from './support/accept-simulation.js';
import { ms, percentile, seededRandom, slackId, table, verdict } from './support/report.js';

const USERS = 10_000;
const INVITES = 2_000;
const GROUP = { members: 100, pending: 100, fresh: 300 };
const RATE = 50;
const WALL_TARGET_MS = 1.5 * (GROUP.fresh / RATE) * 1000;
const LAB = 'C0BENCHLAB';
const ACCEPT_POLL_SECONDS = 30;
const SWEEP_INTERVAL_SECONDS = 300;
const ACCEPT_WINDOW_SECONDS = 3600;
const P95_TARGET_SECONDS = 45;

/** Real time until `freeze()`; from then on a ManualClock (set/advance freeze it too). */
class RealThenManualClock extends ManualClock {
  #frozen = false;
  constructor() {
    super(new Date());
  }
  freeze(): void {
    if (this.#frozen) return;
    super.set(new Date());
    this.#frozen = true;
  }
  override now(): Date {
    return this.#frozen ? super.now() : new Date();
  }
  override set(to: Date | string): void {
    this.#frozen = true;
    super.set(to);
  }
  override advance(milliseconds: number): void {
    this.freeze();
    super.advance(milliseconds);
  }
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (value: number) => `${value.toFixed(1)} s`;

function endpointOf(call: FakeAdminCall): string {
  const path = call.path
    .split('/')
    .map((part) =>
      part.startsWith('proj_') ? '{project_id}' : part.startsWith('user-') ? '{user_id}' : part,
    )
    .join('/');
  return `${call.method} ${path}`;
}

async function main(): Promise<number> {
  const clock = new RealThenManualClock();
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin({
    invitesPerSecond: RATE,
    now: () => clock.now().getTime() / 1000,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-bench-onboard-'));
  const admin = slackId('ADM', 0);
  slack.addUser({ id: admin, name: 'admin', email: 'admin@uni.example', realName: 'Ada Admin' });
  slack.addChannel({ id: LAB, name: 'course' });
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    OPENAI_ADMIN_KEY: openai.adminKey,
    OPENAI_BASE_URL: openai.baseURL,
    DATABASE_URL: `sqlite:${join(dataDir, 'bot.sqlite')}`,
    LOG_LEVEL: 'error',
    ACCESS_ADMINS: admin,
    ONBOARD_INVITES_PER_SECOND: String(RATE),
    ACCEPT_POLL_SECONDS: String(ACCEPT_POLL_SECONDS),
    SWEEP_INTERVAL_SECONDS: String(SWEEP_INTERVAL_SECONDS),
  });
  const bot = await createBot(config, { clock, slackRetries: 0, adminRetries: 0 });
  try {
    const state = openai.state;
    const project = state.addProject({ name: 'Course 101' });
    const emails: string[] = [];
    for (let i = 0; i < USERS; i += 1) {
      const email = `user${i}@uni.example`;
      state.addUser({ email, name: `User ${i}`, role: 'reader' });
      if (i < GROUP.members) {
        emails.push(email);
        slack.addUser({ id: slackId('MEM', i), name: `user${i}`, email, realName: `User ${i}` });
      }
    }
    for (let i = 0; i < INVITES; i += 1) {
      const email = `invitee${i}@uni.example`;
      state.addInvite({ email, projects: [] });
      if (i < GROUP.pending) emails.push(email);
    }
    for (let i = 0; i < GROUP.fresh; i += 1) emails.push(`student${i}@uni.example`);

    const slackMark = slack.calls.length;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await bot.services.onboardings.start(admin, {
      projectId: project.id,
      role: 'member',
      people: emails.map((email) => ({ email, slackId: null })),
      skipped: [],
      originChannel: LAB,
    });
    await bot.idle();
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const calls = [...openai.calls];
    const slackCalls = slack.calls.slice(slackMark);

    const count = (method: string, path: RegExp, ok = true) =>
      calls.filter((c) => c.method === method && path.test(c.path) && (!ok || c.status === 200)).length;
    const creates = count('POST', /^\/organization\/invites$/);
    const limited = calls.filter(
      (c) => c.method === 'POST' && c.path === '/organization/invites' && c.status === 429,
    ).length;
    const adds = count('POST', /^\/organization\/projects\/[^/]+\/users$/);
    const lists =
      count('GET', /^\/organization\/users$/, false) +
      count('GET', /^\/organization\/invites$/, false) +
      count('GET', /^\/organization\/projects\/[^/]+\/users$/, false);
    const reads = count('GET', /^\/organization\/projects\/[^/]+$/, false);
    const callTarget = GROUP.fresh + GROUP.members + lists + reads + limited;

    const problems: string[] = [];
    if (!outcome.ok) problems.push(`the onboarding did not start: ${outcome.why}`);
    const steps = await bot.db.selectFrom('onboarding_steps').select(['state']).execute();
    const byState = (s: string) => steps.filter((step) => step.state === s).length;
    if (byState('in') !== GROUP.members) problems.push(`${byState('in')} in, expected ${GROUP.members}`);
    if (byState('waiting') !== GROUP.pending + GROUP.fresh)
      problems.push(`${byState('waiting')} waiting, expected ${GROUP.pending + GROUP.fresh}`);
    if (byState('failed') > 0) problems.push(`${byState('failed')} failed`);
    const invited = new Map<string, number>();
    for (const i of state.invites()) invited.set(i.email, (invited.get(i.email) ?? 0) + 1);
    const twice = [...invited.values()].filter((n) => n > 1).length;
    if (twice > 0) problems.push(`${twice} people have two invites`);

    // ---- the acceptances: the 400 waiting accept at random, on the frozen clock ----
    clock.freeze();
    const waitingEmails = new Set(
      (
        await bot.db.selectFrom('onboarding_steps').select(['email']).where('state', '=', 'waiting').execute()
      ).map((s) => s.email.toLowerCase()),
    );
    const invitees: SimulatedInvitee[] = state
      .invites()
      .filter((i) => i.status === 'pending' && waitingEmails.has(i.email.toLowerCase()))
      .map((i) => ({ inviteId: i.id, email: i.email, projectIds: [project.id] }));
    if (invitees.length !== waitingEmails.size)
      problems.push(`${waitingEmails.size} waiting but ${invitees.length} pending invites for them`);
    const simStarted = performance.now();
    const accepted = await simulateAcceptances({
      bot,
      openai,
      clock,
      invitees,
      pollSeconds: ACCEPT_POLL_SECONDS,
      sweepSeconds: SWEEP_INTERVAL_SECONDS,
      windowSeconds: ACCEPT_WINDOW_SECONDS,
      random: seededRandom(20261214),
    });
    const simMs = performance.now() - simStarted;
    // The 300 new invites carry the project (OpenAI adds them on acceptance; the bot only records
    // it), the 100 earlier invites do not (the bot adds them): their latencies apart.
    let botP95 = Number.POSITIVE_INFINITY;
    const groupRows = [
      ['pending invitees (bot adds them)', /^invitee/],
      ['newly invited (invite carries the project)', /^student/],
    ].map(([label, pattern]) => {
      const values = [...accepted.latencyByEmail]
        .filter(([email]) => (pattern as RegExp).test(email))
        .map(([, v]) => v)
        .sort((a, b) => a - b);
      if ((pattern as RegExp).source === '^invitee') botP95 = percentile(values, 95);
      return [
        `  ${label as string} p50/p95`,
        `${seconds(percentile(values, 50))} / ${seconds(percentile(values, 95))}`,
        `n=${values.length}`,
        '',
      ];
    });
    await bot.idle();
    const after = await bot.db.selectFrom('onboarding_steps').select(['state']).execute();
    const inAfter = after.filter((s) => s.state === 'in').length;
    const expectedIn = emails.length;
    const cardText = (m: { text?: string; blocks?: unknown[] }) =>
      `${m.text ?? ''} ${JSON.stringify(m.blocks ?? [])}`;
    const cards = [...slack.messages(LAB), ...slack.dmsTo(admin)].filter((m) =>
      /\d+ of \d+ in/.test(cardText(m)),
    );
    const headline = cards.map((m) => /(\d+) of (\d+) in/.exec(cardText(m))?.[0]).at(-1) ?? 'no card found';
    const cardOk = headline === `${expectedIn} of ${expectedIn} in`;
    const latencyOk =
      accepted.notIn === 0 &&
      accepted.latencies.length === waitingEmails.size &&
      accepted.p95 <= P95_TARGET_SECONDS &&
      botP95 <= P95_TARGET_SECONDS;
    const acceptFailures = accepted.polls.failures + accepted.sweeps.failures;
    if (inAfter !== expectedIn)
      problems.push(`after the acceptances ${inAfter} steps in, expected ${expectedIn}`);
    if (!cardOk) problems.push(`the card reads "${headline}", expected "${expectedIn} of ${expectedIn} in"`);
    if (acceptFailures > 0) problems.push(`${acceptFailures} failures in polls and sweeps`);

    const byEndpoint = new Map<string, number>();
    for (const c of calls)
      byEndpoint.set(
        `${endpointOf(c)} ${c.status}`,
        (byEndpoint.get(`${endpointOf(c)} ${c.status}`) ?? 0) + 1,
      );
    const bySlackMethod = new Map<string, number>();
    for (const c of slackCalls) bySlackMethod.set(c.method, (bySlackMethod.get(c.method) ?? 0) + 1);

    log(
      `Group onboarding: ${emails.length} people (${GROUP.members} org users, ${GROUP.pending} pending invitees, ${GROUP.fresh} new)`,
    );
    log(
      `into one project of an org with ${USERS} users and ${INVITES} pending invites; invite creates limited to ${RATE}/s.`,
    );
    log();
    log(
      table(
        ['Admin API endpoint + status', 'calls'],
        [...byEndpoint].sort().map(([k, v]) => [k, v]),
      ),
    );
    log();
    log(
      table(
        ['Slack method', 'calls'],
        [...bySlackMethod].sort().map(([k, v]) => [k, v]),
      ),
    );
    log();
    const callsOk = creates === GROUP.fresh && adds === GROUP.members && calls.length <= callTarget;
    const wallOk = wallMs <= WALL_TARGET_MS;
    log(
      table(
        ['measure', 'value', 'target', 'verdict'],
        [
          [
            'Admin API calls',
            calls.length,
            `≤ ${callTarget} (300 creates + 100 adds + ${lists} list pages + ${reads} read + ${limited} answered 429)`,
            verdict(callsOk),
          ],
          ['invite creates', creates, `${GROUP.fresh}`, verdict(creates === GROUP.fresh)],
          ['project adds', adds, `${GROUP.members}`, verdict(adds === GROUP.members)],
          ['Slack calls', slackCalls.length, '(reported)', ''],
          [
            'CPU time (bot and both fakes, one process)',
            ms(cpuMs),
            '(reported: wall time far above it means a busy machine)',
            '',
          ],
          [
            'wall time',
            ms(wallMs),
            `≤ ${ms(WALL_TARGET_MS)} (1.5 × ${GROUP.fresh} ÷ ${RATE}/s)`,
            verdict(wallOk),
          ],
        ],
        [2],
      ),
    );
    log();
    log(
      `Then the ${invitees.length} waiting accept at random within ${ACCEPT_WINDOW_SECONDS} s (simulated, ${ms(simMs)} of wall time); ` +
        `ACCEPT_POLL_SECONDS=${ACCEPT_POLL_SECONDS}, SWEEP_INTERVAL_SECONDS=${SWEEP_INTERVAL_SECONDS}.`,
    );
    log();
    log(
      table(
        ['measure', 'value', 'target', 'verdict'],
        [
          ['acceptance → membership p50', seconds(accepted.p50), '', ''],
          [
            'acceptance → membership p95',
            seconds(accepted.p95),
            `≤ ${P95_TARGET_SECONDS} s`,
            verdict(latencyOk),
          ],
          ['acceptance → membership max', seconds(accepted.max), '', ''],
          ...groupRows,
          [
            'waiting people in the project at the end',
            `${accepted.latencies.length} of ${invitees.length}`,
            `${waitingEmails.size} of ${waitingEmails.size}`,
            verdict(accepted.notIn === 0 && invitees.length === waitingEmails.size),
          ],
          ['onboarding steps in', inAfter, expectedIn, verdict(inAfter === expectedIn)],
          ['progress card', headline, `${expectedIn} of ${expectedIn} in`, verdict(cardOk)],
          ['poll ticks (listed / ran)', `${accepted.polls.listed} / ${accepted.polls.runs}`, '', ''],
          ['full sweeps', accepted.sweeps.ran, '', ''],
          ['invite pages asked by polls and sweeps', accepted.invitePages, '', ''],
          ['failures (polls + sweeps)', acceptFailures, 0, verdict(acceptFailures === 0)],
        ],
      ),
    );
    for (const p of problems) log(`PROBLEM: ${p}`);
    const ok = callsOk && wallOk && latencyOk && cardOk && problems.length === 0;
    log();
    log(`${verdict(ok)}`);
    return ok ? 0 : 1;
  } finally {
    await bot.stop().catch(() => undefined);
    await Promise.all([slack.close(), openai.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
