/**
 * `npm run bench` (issue 6, point 5): how fast the bot acknowledges Slack, next to a bare Bolt
 * app, and how much memory it needs.
 *
 * 1. Signed `/access help` slash commands and Approve clicks, half and half, over loopback HTTP
 *    at 200 requests/s, against a bare Bolt app (ack only) and the bot, each a process of its
 *    own, both fed byte-identical requests. After a warm-up, the measured BENCH_SECONDS are cut
 *    into segments run alternately (bare, bot, bot, bare, bare, bot, …), so a stall of the shared
 *    machine is as likely to hit either app, and neither is always second.
 *    The clicks hit pending requests, several clicks each: the first approves it (the bot acks,
 *    then authorizes, decides, adds the member through the Admin API, updates the Slack copies,
 *    DMs the requester), the others are answered "already approved by …" through the
 *    response_url. BENCH_APPROVALS_PER_S sets how many clicks per second are first clicks.
 * 2. The bot's RSS: sampled from /proc during its segments, and its peak (VmHWM).
 * 3. 100 000 stored requests seeded into the bot's SQLite, then RSS and the latency of `/access`
 *    (the ack, and until the fake Slack received the `views.update` that fills the form in).
 * 4. Slack Web API and Admin API calls per approval (redesign issue, point 8), counted before any
 *    load: one request submitted and approved end to end against the fakes, for an org member and
 *    for a newcomer (see support/calls-per-approval.ts).
 *
 * Targets: ack p99 ≤ 1.3 × bare Bolt's; RSS ≤ 150 MB; calls per approval no more than measured
 * before the redesign (678023d). Exit code 1 when one is missed, or when the bot answered
 * anything but 200, logged an error or left a clicked request unapplied.
 *
 * Environment (defaults):
 * - BENCH_SECONDS (30) per app, BENCH_WARMUP_SECONDS (3), BENCH_SEGMENTS (6);
 * - BENCH_APPROVALS_PER_S (1; 100 makes every click approve a fresh request);
 * - BENCH_STORED (100000);
 * - BENCH_LOAD: `even` (default; 200 autocannon connections at 1 request/s each, started 5 ms
 *   apart, so a request arrives every 5 ms) or `overall` (autocannon `overallRate: 200` over
 *   BENCH_CONNECTIONS (20) connections: each spends its quota back to back at the start of every
 *   second, so each second's 200 requests arrive as one burst);
 * - BENCH_BOT_NODE_ARGS: node options for the bot process only, e.g. `--cpu-prof
 *   --cpu-prof-dir=/tmp/prof` (a CPU profile, written when it stops) or V8 heap flags;
 * - BENCH_BOT_ENTRY: an absolute path to another build of `support/bot-process.ts` (by default
 *   both apps are bundled by esbuild and run under plain node, as `npm start` runs the bot).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import { build } from 'esbuild';
import { insertPendingRequest } from '../../src/db/access-requests.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { newId } from '../../src/db/ids.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { rememberMessage } from '../../src/db/request-messages.js';
import type { DecisionsTable, NewAccessRequest } from '../../src/db/schema.js';
import type { RequestStatus } from '../../src/domain/request-status.js';
import { approverMessage } from '../../src/slack/blocks/request-message.js';
import { ActionIds, ViewCallbackIds } from '../../src/slack/ids.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';
import { type FakeSlack, type FakeSlackCall, startFakeSlack } from '../fakes/fake-slack.js';
import { SlackRequestSender } from '../fakes/slack-request-sender.js';
import { callsVerdict, countCallsPerApproval } from './support/calls-per-approval.js';
import type { ChildStats } from './support/child-ipc.js';
import { AppProcess, LoadGenerator, procMemory, sampleRss } from './support/children.js';
import type { LoadJob, LoadRequest, LoadResult } from './support/load-process.js';
import { type Cell, mb, ms, percentile, seededRandom, slackId, table, verdict } from './support/report.js';
import { buttonClick, slashCommand } from './support/slack-bodies.js';

const RATE = 200;
const SECONDS = Number(process.env.BENCH_SECONDS ?? '30');
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? '3');
const SEGMENTS = Math.max(1, Number(process.env.BENCH_SEGMENTS ?? '6'));
const SEGMENT_SECONDS = SECONDS / SEGMENTS;
const LOAD_MODE: LoadJob['mode'] = process.env.BENCH_LOAD === 'overall' ? 'overall' : 'even';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '20');
const STORED = Number(process.env.BENCH_STORED ?? '100000');
const APPROVALS_PER_S = Math.min(RATE / 2, Number(process.env.BENCH_APPROVALS_PER_S ?? '1'));
const RATIO_TARGET = 1.3;
const RSS_TARGET = 150 * 1024 * 1024;
const ACCESS_BEFORE = 20;
const ACCESS_AFTER = 50;
const PROJECTS = 300;
const OWNERS = 60;
const REQUESTERS = 500;
const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const ADMIN = slackId('ADM', 0);

// Requests per run, with a margin: autocannon may start a few more than rate × seconds.
const WARMUP_COUNT = 2 * Math.ceil((WARMUP_SECONDS * RATE * 1.1) / 2);
const SEGMENT_COUNT = 2 * Math.ceil((SEGMENT_SECONDS * RATE * 1.1) / 2);
const CLICKS = (WARMUP_COUNT + SEGMENTS * SEGMENT_COUNT) / 2;
const CLICKS_PER_REQUEST = Math.max(1, Math.round(RATE / 2 / APPROVALS_PER_S));
const POOL = Math.ceil(CLICKS / CLICKS_PER_REQUEST);

const log = (line = '') => process.stdout.write(`${line}\n`);
const step = (what: string) => process.stderr.write(`[bench] ${what}\n`);

interface Person {
  slackId: string;
  name: string;
  email: string;
}

interface Org {
  projects: { id: string; name: string; owner: Person }[];
  requesters: Person[];
}

function person(slack: FakeSlack, openai: FakeOpenAIAdmin, prefix: string, i: number): Person {
  const name = `${prefix.toLowerCase()}${i}`;
  const p = { slackId: slackId(prefix, i), name, email: `${name}@uni.example` };
  slack.addUser({ id: p.slackId, name, email: p.email, realName: `${prefix} ${i}` });
  openai.state.addUser({ email: p.email, name: `${prefix} ${i}`, role: 'reader' });
  return p;
}

function buildOrg(slack: FakeSlack, openai: FakeOpenAIAdmin): Org {
  const owners = Array.from({ length: OWNERS }, (_, i) => person(slack, openai, 'OWN', i));
  const requesters = Array.from({ length: REQUESTERS }, (_, i) => person(slack, openai, 'REQ', i));
  person(slack, openai, 'ADM', 0);
  const userId = (email: string) => openai.state.userByEmail(email)?.id as string;
  const projects = Array.from({ length: PROJECTS }, (_, i) => {
    const project = openai.state.addProject({ name: `Project ${String(i).padStart(3, '0')}` });
    const owner = owners[i % OWNERS] as Person;
    const second = owners[(i + 1) % OWNERS] as Person;
    openai.state.addProjectUser(project.id, userId(owner.email), 'owner');
    openai.state.addProjectUser(project.id, userId(second.email), 'owner');
    return { id: project.id, name: project.name as string, owner };
  });
  return { projects, requesters };
}

interface ClickTarget {
  requestId: string;
  approver: Person;
  channel: string;
  message: { ts: string; text: string; blocks: unknown[] };
}

/**
 * Pending requests for the clicks, stored the way the bot stores a submitted form, each with the
 * message its approver got (posted into the fake Slack, remembered like the bot remembers it):
 * approving one updates that copy, as in production.
 */
async function seedClickTargets(db: Db, slack: FakeSlack, org: Org): Promise<ClickTarget[]> {
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const targets: ClickTarget[] = new Array(POOL);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < POOL; i = next++) {
      const requester = org.requesters[i % REQUESTERS] as Person;
      // A different project for each of a requester's requests.
      const project = org.projects[
        (Math.floor(i / REQUESTERS) * 37 + i) % PROJECTS
      ] as Org['projects'][number];
      const request = await insertPendingRequest(
        db,
        {
          requester_slack_id: requester.slackId,
          requester_email: requester.email,
          project_id: project.id,
          project_name: project.name,
          role: 'member',
          justification: 'Evaluation runs for the retrieval chapter of my thesis.',
          access_ends_on: null,
        },
        new Date(),
      );
      if (!request) throw new Error('an open request for this person and project exists already');
      const approver = project.owner;
      const channel = slack.dmChannelFor(approver.slackId);
      const message = approverMessage({ request, decision: undefined, approvers: [approver.slackId] });
      const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
      await rememberMessage(db, {
        request_id: request.id,
        channel_id: channel,
        ts: posted.ts as string,
        recipient_slack_id: approver.slackId,
        audience: 'approver',
        created_at: new Date().toISOString(),
      });
      targets[i] = {
        requestId: request.id,
        approver,
        channel,
        message: { ts: posted.ts as string, text: message.text, blocks: message.blocks },
      };
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return targets;
}

/**
 * Half `/access help`, half Approve clicks, interleaved; every body its own (fresh trigger id
 * and response_url, as Slack sends them). Click n goes to request n ÷ CLICKS_PER_REQUEST.
 */
function requestMix(slack: FakeSlack, org: Org, targets: ClickTarget[], from: number, count: number) {
  const list: LoadRequest[] = [];
  for (let i = from; i < from + count; i += 1) {
    const n = Math.floor(i / 2);
    if (i % 2 === 0) {
      const requester = org.requesters[n % REQUESTERS] as Person;
      list.push(slashCommand(slack, { userId: requester.slackId, userName: requester.name, text: 'help' }));
    } else {
      const target = targets[Math.floor(n / CLICKS_PER_REQUEST) % POOL] as ClickTarget;
      list.push(
        buttonClick(slack, {
          userId: target.approver.slackId,
          userName: target.approver.name,
          channelId: target.channel,
          message: target.message,
          actionId: ActionIds.approveRequest,
          blockId: 'decision',
          value: target.requestId,
          buttonText: 'Approve',
        }),
      );
    }
  }
  return list;
}

/** One app's measured segments, merged. */
interface Phase {
  load: LoadResult;
  stats: ChildStats;
  /** Worst event-loop delay p99 of any segment. */
  loopP99: number;
  /** The ack p99 of each segment on its own, to tell a machine hiccup from a steady difference. */
  segmentP99: number[];
  peakRss: number;
  drainMs: number;
  fakesCpuMs: number;
}

function emptyPhase(): Phase {
  return {
    load: { latencyMs: {}, statuses: {}, cpuMs: 0, errors: 0, timeouts: 0 },
    stats: {
      serverMs: {},
      busyMs: {},
      loopDelay: { p50: 0, p99: 0, max: 0 },
      cpuMs: 0,
      wallMs: 0,
      memory: process.memoryUsage(),
      gc: { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMaxMs: 0 },
    },
    loopP99: 0,
    segmentP99: [],
    peakRss: 0,
    drainMs: 0,
    fakesCpuMs: 0,
  };
}

function mergeLists(into: Record<string, number[]>, from: Record<string, number[]>): void {
  for (const [kind, values] of Object.entries(from)) into[kind] = [...(into[kind] ?? []), ...values];
}

/** One segment of load against one app; its numbers are added to `phase`. */
async function segment(
  load: LoadGenerator,
  app: AppProcess,
  requests: LoadRequest[],
  phase: Phase,
): Promise<void> {
  await app.request('reset');
  const sampler = sampleRss(app.pid);
  const cpu = process.cpuUsage();
  const result = await load.run({
    url: app.url,
    signingSecret: SIGNING_SECRET,
    rate: RATE,
    connections: CONNECTIONS,
    mode: LOAD_MODE,
    requests,
    seconds: SEGMENT_SECONDS,
  });
  const used = process.cpuUsage(cpu);
  phase.peakRss = Math.max(phase.peakRss, sampler.stop());
  const stats = (await app.request('stats')) as ChildStats;
  // What the app still does after the load stopped (the bot's work after acking) is waited for,
  // so it never runs into the other app's segment.
  const drainStarted = performance.now();
  await app.request('idle', 300_000);
  phase.drainMs = Math.max(phase.drainMs, performance.now() - drainStarted);
  phase.fakesCpuMs += (used.user + used.system) / 1000;

  mergeLists(phase.load.latencyMs, result.latencyMs);
  phase.segmentP99.push(percentile(latencies(result), 99));
  for (const [kind, byStatus] of Object.entries(result.statuses)) {
    const into = phase.load.statuses[kind] ?? {};
    for (const [status, n] of Object.entries(byStatus)) into[status] = (into[status] ?? 0) + n;
    phase.load.statuses[kind] = into;
  }
  phase.load.cpuMs += result.cpuMs;
  phase.load.errors += result.errors;
  phase.load.timeouts += result.timeouts;
  if (result.autocannon) phase.load.autocannon = result.autocannon;
  mergeLists(phase.stats.serverMs, stats.serverMs);
  mergeLists(phase.stats.busyMs, stats.busyMs);
  phase.stats.cpuMs += stats.cpuMs;
  phase.stats.wallMs += stats.wallMs;
  phase.stats.memory = stats.memory;
  phase.loopP99 = Math.max(phase.loopP99, stats.loopDelay.p99);
  phase.stats.loopDelay.max = Math.max(phase.stats.loopDelay.max, stats.loopDelay.max);
  const gc = phase.stats.gc;
  gc.count += stats.gc.count;
  gc.totalMs += stats.gc.totalMs;
  gc.maxMs = Math.max(gc.maxMs, stats.gc.maxMs);
  gc.major += stats.gc.major;
  gc.majorMaxMs = Math.max(gc.majorMaxMs, stats.gc.majorMaxMs);
}

const sorted = (values: readonly number[] = []) => [...values].sort((a, b) => a - b);

function latencies(load: LoadResult, kind?: string): number[] {
  return sorted(kind ? load.latencyMs[kind] : Object.values(load.latencyMs).flat());
}

function non200(load: LoadResult): number {
  return Object.values(load.statuses)
    .flatMap((byStatus) => Object.entries(byStatus))
    .reduce((sum, [status, n]) => sum + (status === '200' ? 0 : n), 0);
}

/** `/access` as a user types it, one at a time: the ack, and when the fake Slack saw `views.update`. */
async function measureAccess(
  sender: SlackRequestSender,
  org: Org,
  runs: number,
  viewUpdated: () => Promise<{ at: number; call: FakeSlackCall }>,
) {
  const ack: number[] = [];
  const filled: number[] = [];
  const problems: string[] = [];
  for (let i = 0; i < runs; i += 1) {
    const requester = org.requesters[(i * 7) % REQUESTERS] as Person;
    const updated = viewUpdated();
    const started = performance.now();
    let answer: Awaited<ReturnType<SlackRequestSender['slashCommand']>>;
    try {
      answer = await sender.slashCommand({ userId: requester.slackId, text: '' });
    } catch (error) {
      problems.push(`/access failed: ${String((error as Error).cause ?? error)}`);
      await sleep(200);
      continue;
    }
    ack.push(performance.now() - started);
    if (answer.status !== 200) problems.push(`/access answered ${answer.status}`);
    const seen = await Promise.race([updated, sleep(10_000).then(() => undefined)]);
    if (!seen) {
      problems.push('no views.update within 10 s');
      continue;
    }
    filled.push(seen.at - started);
    const view = seen.call.args.view as { callback_id?: string } | undefined;
    if (view?.callback_id !== ViewCallbackIds.requestAccess)
      problems.push(`views.update was not the request form (${view?.callback_id})`);
    await sleep(20);
  }
  return { ack: sorted(ack), filled: sorted(filled), problems };
}

/** 100 000 stored requests, most of them long decided, in batches through Kysely. */
async function seedStored(db: Db, org: Org, count: number): Promise<void> {
  const random = seededRandom(6);
  const mix: [RequestStatus, number][] = [
    ['applied', 0.5],
    ['revoked', 0.15],
    ['denied', 0.12],
    ['expired', 0.12],
    ['cancelled', 0.1],
    ['pending', 0.01],
  ];
  const pick = (): RequestStatus => {
    let r = random();
    for (const [status, share] of mix) {
      r -= share;
      if (r < 0) return status;
    }
    return 'applied';
  };
  const ids = new Set<string>();
  const now = Date.now();
  const BATCH = 400;
  for (let done = 0; done < count; done += BATCH) {
    const rows: NewAccessRequest[] = [];
    const decisions: DecisionsTable[] = [];
    for (let i = done; i < Math.min(count, done + BATCH); i += 1) {
      let id = newId('req');
      while (ids.has(id)) id = newId('req');
      ids.add(id);
      const requesterIndex = Math.floor(random() * 5000);
      const project = org.projects[Math.floor(random() * PROJECTS)] as Org['projects'][number];
      const status = pick();
      // Spread over two years; pending ones are recent.
      const created = new Date(now - (status === 'pending' ? random() * 3 : random() * 730) * 86_400_000);
      const decided = new Date(created.getTime() + random() * 86_400_000);
      rows.push({
        id,
        requester_slack_id: slackId('HIS', requesterIndex),
        requester_email: `person${requesterIndex}@uni.example`,
        project_id: project.id,
        project_name: project.name,
        role: random() < 0.05 ? 'owner' : 'member',
        justification: `Stored request ${i}: evaluation runs, fine-tuning experiments and a course project.`,
        // Time-bound grants: the live ones end later, the revoked ones ended in the past.
        access_ends_on:
          random() < 0.3 && (status === 'applied' || status === 'revoked')
            ? new Date(
                status === 'applied' ? now + random() * 90 * 86_400_000 : decided.getTime() + 30 * 86_400_000,
              )
                .toISOString()
                .slice(0, 10)
            : null,
        status,
        openai_user_id: status === 'applied' || status === 'revoked' ? `user-hist${requesterIndex}` : null,
        last_error: null,
        invite_id: null,
        reminded_at: null,
        escalated_at: null,
        end_warned_at: null,
        membership_before: status === 'applied' || status === 'revoked' ? 'none' : null,
        removal_failure_told_at: null,
        extends_request_id: null,
        created_at: created.toISOString(),
        updated_at: decided.toISOString(),
      });
      if (status === 'applied' || status === 'revoked' || status === 'denied') {
        decisions.push({
          request_id: id,
          outcome: status === 'denied' ? 'denied' : 'approved',
          decided_by: project.owner.slackId,
          decided_as: 'owner',
          reason: status === 'denied' ? 'Not for this project, sorry.' : null,
          decided_at: decided.toISOString(),
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('access_requests').values(rows).execute();
      if (decisions.length > 0) await trx.insertInto('decisions').values(decisions).execute();
    });
  }
}

function latencyRow(name: string, load: LoadResult): Cell[] {
  const all = latencies(load);
  const cmd = latencies(load, 'command');
  const click = latencies(load, 'click');
  return [
    name,
    ms(percentile(all, 50)),
    ms(percentile(all, 99)),
    ms(percentile(cmd, 50)),
    ms(percentile(cmd, 99)),
    ms(percentile(click, 50)),
    ms(percentile(click, 99)),
    ms(all.at(-1) ?? 0),
    `${all.length} (${(all.length / SECONDS).toFixed(0)}/s)`,
    non200(load) + load.errors + load.timeouts,
  ];
}

function serverRow(name: string, phase: Phase): Cell[] {
  const cmd = sorted(phase.stats.serverMs.command);
  const click = sorted(phase.stats.serverMs.click);
  const busyHelp = sorted(phase.stats.busyMs.command);
  const busyClick = sorted(phase.stats.busyMs.click);
  // Over the time the app was under load (each segment from reset to stats, ramp included).
  const pct = (cpu: number) => `${((100 * cpu) / phase.stats.wallMs).toFixed(0)} %`;
  const gc = phase.stats.gc;
  return [
    name,
    `${ms(percentile(cmd, 50))} / ${ms(percentile(cmd, 99))}`,
    `${ms(percentile(click, 50))} / ${ms(percentile(click, 99))}`,
    `${ms(percentile(busyHelp, 50))} / ${ms(percentile(busyHelp, 99))}`,
    `${ms(percentile(busyClick, 50))} / ${ms(percentile(busyClick, 99))}`,
    `${ms(phase.loopP99)} / ${ms(phase.stats.loopDelay.max)}`,
    `${gc.count} / ${ms(gc.totalMs)} / ${ms(gc.maxMs)}`,
    pct(phase.stats.cpuMs),
    pct(phase.fakesCpuMs),
    pct(phase.load.cpuMs),
    ms(phase.drainMs),
  ];
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  const slack = await startFakeSlack();
  const openai = await startFakeOpenAIAdmin();
  const dataDir = mkdtempSync(join(tmpdir(), 'access-bot-bench-ack-'));
  const databaseUrl = `sqlite:${join(dataDir, 'bot.sqlite')}`;
  const db = openDatabase(databaseUrl);
  const apps: AppProcess[] = [];
  let load: LoadGenerator | undefined;
  try {
    // Before the load, on a bot of its own in this process, so nothing of it overlaps the timing.
    step('calls per approval: a request submitted and approved, member and newcomer');
    const calls = callsVerdict(await countCallsPerApproval());
    step(`building the org and the ${POOL} pending requests the clicks approve`);
    await migrateToLatest(db);
    const org = buildOrg(slack, openai);
    const targets = await seedClickTargets(db, slack, org);
    const warm = requestMix(slack, org, targets, 0, WARMUP_COUNT);
    const segments = Array.from({ length: SEGMENTS }, (_, k) =>
      requestMix(slack, org, targets, WARMUP_COUNT + k * SEGMENT_COUNT, SEGMENT_COUNT),
    );
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_ADMIN_KEY: openai.adminKey,
      OPENAI_BASE_URL: openai.baseURL,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'error',
      ACCESS_ADMINS: ADMIN,
      BENCH_BOT_ID: slack.botId,
      BENCH_BOT_USER_ID: slack.botUserId,
    };

    load = await LoadGenerator.start();
    // Both apps are bundled to JavaScript by esbuild and run under plain node, so neither pays for
    // tsx. The bot gets the start script's node options, as `npm start` runs it; bare Bolt gets
    // node's defaults (a young generation free to grow to 16 MB), the baseline a Bolt user has.
    const built = await bundleApps();
    const bare = await AppProcess.start('bare Bolt', built.bare, env);
    apps.push(bare);
    const bot = await AppProcess.start('bot', process.env.BENCH_BOT_ENTRY ?? built.bot, env, [
      ...startNodeOptions(),
      ...(process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ]);
    apps.push(bot);
    const rssStart = { bare: procMemory(bare.pid)?.rssBytes ?? 0, bot: procMemory(bot.pid)?.rssBytes ?? 0 };

    const job = { signingSecret: SIGNING_SECRET, rate: RATE, connections: CONNECTIONS, mode: LOAD_MODE };
    for (const app of [bare, bot]) {
      step(`${app.name}: warm-up, ${WARMUP_SECONDS} s`);
      await load.run({ ...job, url: app.url, requests: warm, seconds: WARMUP_SECONDS });
      await app.request('idle', 300_000);
    }
    const bareRun = emptyPhase();
    const botRun = emptyPhase();
    for (const [k, requests] of segments.entries()) {
      // Which app goes first alternates (bare-bot, bot-bare, …): bare Bolt run against itself
      // here gave the one always second 0.80-1.01x the p99 of the first (four runs), an edge
      // neither app should always get.
      const order = k % 2 === 0 ? [bare, bot] : [bot, bare];
      step(
        `segment ${k + 1}/${SEGMENTS}: ${RATE} requests/s for ${SEGMENT_SECONDS} s, ${order[0]?.name} then ${order[1]?.name}`,
      );
      for (const app of order) await segment(load, app, requests, app === bare ? bareRun : botRun);
    }
    const hwmAfterLoad = {
      bare: procMemory(bare.pid)?.hwmBytes ?? 0,
      bot: procMemory(bot.pid)?.hwmBytes ?? 0,
    };
    const rssAfterDrain = procMemory(bot.pid)?.rssBytes ?? 0;
    const liveAfterLoad = (await bot.request('gc'))?.memory;
    await bare.stop();
    load.stop();

    // Did the bot do what the clicks asked? Every clicked request approved and applied.
    const clickedIds = new Set(
      [...warm, ...segments.flat()]
        .filter((r) => r.kind === 'click')
        .map(
          (r) =>
            (
              JSON.parse(new URLSearchParams(r.body).get('payload') ?? '{}') as {
                actions: { value: string }[];
              }
            ).actions[0]?.value,
        ),
    );
    const applied = await db
      .selectFrom('access_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'applied')
      .executeTakeFirstOrThrow();
    const notApplied = await db
      .selectFrom('access_requests')
      .select(['id', 'status', 'last_error'])
      .where(
        'id',
        'in',
        [...clickedIds].filter((id): id is string => Boolean(id)),
      )
      .where('status', '!=', 'applied')
      .execute();

    // ---- /access, then 100 000 stored requests, then /access again ----
    let waiter: ((seen: { at: number; call: FakeSlackCall }) => void) | undefined;
    const push = slack.calls.push.bind(slack.calls);
    slack.calls.push = (...items: FakeSlackCall[]) => {
      for (const call of items) if (call.method === 'views.update') waiter?.({ at: performance.now(), call });
      return push(...items);
    };
    const viewUpdated = () =>
      new Promise<{ at: number; call: FakeSlackCall }>((resolve) => {
        waiter = resolve;
      });
    const sender = new SlackRequestSender({ url: bot.url, signingSecret: SIGNING_SECRET, fakeSlack: slack });
    const storedBefore = Number(
      (
        await db
          .selectFrom('access_requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    step(`bot: /access × ${ACCESS_BEFORE} with ${storedBefore} stored requests`);
    const accessBefore = await measureAccess(sender, org, ACCESS_BEFORE, viewUpdated);
    const rssBeforeSeed = procMemory(bot.pid)?.rssBytes ?? 0;
    step(`seeding ${STORED} stored requests`);
    const seedStarted = performance.now();
    await seedStored(db, org, STORED);
    const seedMs = performance.now() - seedStarted;
    // Seeding held this process's event loop longer than the bot's keep-alive timeout: let the
    // client see the sockets the bot closed meanwhile before sending on them again.
    await sleep(200);
    const storedAfter = Number(
      (
        await db
          .selectFrom('access_requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    step(`bot: /access × ${ACCESS_AFTER} with ${storedAfter} stored requests`);
    const accessAfter = await measureAccess(sender, org, ACCESS_AFTER, viewUpdated);
    await bot.request('idle');
    const memoryEnd = procMemory(bot.pid);
    const heapEnd = (await bot.request('gc'))?.memory;
    await bot.stop();

    // ---- verdicts ----
    const bareAll = latencies(bareRun.load);
    const botAll = latencies(botRun.load);
    const ratio = percentile(botAll, 99) / percentile(bareAll, 99);
    const peakRss = Math.max(botRun.peakRss, memoryEnd?.hwmBytes ?? 0);
    const problems: string[] = [];
    for (const [name, run] of [
      ['bare Bolt', bareRun],
      ['bot', botRun],
    ] as const) {
      if (non200(run.load) + run.load.errors + run.load.timeouts > 0)
        problems.push(
          `${name}: ${non200(run.load)} answers not 200, ${run.load.errors} errors, ${run.load.timeouts} timeouts`,
        );
    }
    for (const r of notApplied.slice(0, 3))
      problems.push(`clicked ${r.id} is ${r.status}: ${r.last_error ?? ''}`);
    if (notApplied.length > 3) problems.push(`… ${notApplied.length} clicked requests not applied`);
    problems.push(...new Set([...accessBefore.problems, ...accessAfter.problems]));
    problems.push(...calls.problems);
    const errorLines = bot.output.filter(
      (line) => line.includes('"level":"error"') || /\berror\b/i.test(line),
    );
    if (errorLines.length > 0) problems.push(`the bot logged ${errorLines.length} error lines`);
    const ratioOk = ratio <= RATIO_TARGET;
    const rssOk = peakRss <= RSS_TARGET;
    const ok = ratioOk && rssOk && calls.ok && problems.length === 0;

    // ---- report ----
    log(
      `ack latency benchmark: node ${process.version}, ${availableParallelism()} CPUs shared by the app, the fakes and the load generator`,
    );
    log(
      `load: ${RATE} requests/s (${LOAD_MODE === 'even' ? `${RATE} autocannon connections at 1/s, started 5 ms apart` : `autocannon overallRate over ${CONNECTIONS} connections`}), ` +
        `${SECONDS} s per app in ${SEGMENTS} alternating segments after ${WARMUP_SECONDS} s warm-up; ` +
        `half '/access help', half Approve clicks (${APPROVALS_PER_S} approvals/s, the other clicks answered "already approved")`,
    );
    log();
    log('Ack latency, measured by the load generator (request written → answer complete):');
    log(
      table(
        ['app', 'p50', 'p99', 'help p50', 'help p99', 'click p50', 'click p99', 'max', 'answered', 'failed'],
        [
          latencyRow('bare Bolt', bareRun.load),
          latencyRow('bot', botRun.load),
          [
            'bot ÷ bare',
            `${(percentile(botAll, 50) / percentile(bareAll, 50)).toFixed(2)}×`,
            `${ratio.toFixed(2)}×`,
            '',
            '',
            '',
            '',
            '',
            '',
            '',
          ],
        ],
      ),
    );
    const bySegment = (p: Phase) => p.segmentP99.map((v) => v.toFixed(1)).join(' / ');
    const median = (values: number[]) => percentile(sorted(values), 50);
    const segmentRatios = botRun.segmentP99.map((v, k) => v / (bareRun.segmentP99[k] ?? v));
    log(
      `p99 of each segment (ms): bare ${bySegment(bareRun)}; bot ${bySegment(botRun)}; ` +
        `median of the per-segment ratios ${median(segmentRatios).toFixed(2)}×`,
    );
    if (bareRun.load.autocannon && botRun.load.autocannon) {
      log(
        `autocannon's own histogram (whole ms, last segment): bare p50 ${bareRun.load.autocannon.p50} / p99 ` +
          `${bareRun.load.autocannon.p99} ms, bot p50 ${botRun.load.autocannon.p50} / p99 ${botRun.load.autocannon.p99} ms`,
      );
    }
    log();
    log(
      "Inside the app process: 'to ack' = request event → answer ended by ack(); 'busy after' = ack() → the " +
        "answer's 'finish' event, i.e. how long the listener held the event loop after acking; CPU in % of one core:",
    );
    log(
      table(
        [
          'app',
          'help: to ack p50 / p99',
          'click: to ack p50 / p99',
          'help: busy after',
          'click: busy after',
          'loop delay p99 / max',
          'GC n / total / max',
          'app CPU',
          'fakes CPU',
          'load gen CPU',
          'drain after',
        ],
        [serverRow('bare Bolt', bareRun), serverRow('bot', botRun)],
      ),
    );
    log();
    log('Memory (RSS from /proc; peak = VmHWM; live heap = V8 heap in use after a full GC):');
    log(
      table(
        ['when', 'bare Bolt', 'bot'],
        [
          ['after start', mb(rssStart.bare), mb(rssStart.bot)],
          ['highest sampled during the load', mb(bareRun.peakRss), mb(botRun.peakRss)],
          ['peak (VmHWM) after the load', mb(hwmAfterLoad.bare), mb(hwmAfterLoad.bot)],
          [
            'after the work drained',
            '',
            `${mb(rssAfterDrain)} (live heap ${mb(liveAfterLoad?.heapUsed ?? 0)})`,
          ],
          [`before seeding (${storedBefore} requests stored)`, '', mb(rssBeforeSeed)],
          [
            `after /access × ${ACCESS_AFTER} with ${storedAfter} stored`,
            '',
            `${mb(memoryEnd?.rssBytes ?? 0)} (live heap ${mb(heapEnd?.heapUsed ?? 0)})`,
          ],
          ['peak over the whole run (VmHWM)', '', mb(memoryEnd?.hwmBytes ?? 0)],
        ],
      ),
    );
    log();
    log(
      `/access (ack + views.open + project list + views.update), one at a time; seeding took ${ms(seedMs)}:`,
    );
    log(
      table(
        ['stored requests', 'runs', 'ack p50', 'ack p99', 'views.update p50', 'views.update p99'],
        [
          [
            storedBefore,
            accessBefore.ack.length,
            ms(percentile(accessBefore.ack, 50)),
            ms(percentile(accessBefore.ack, 99)),
            ms(percentile(accessBefore.filled, 50)),
            ms(percentile(accessBefore.filled, 99)),
          ],
          [
            storedAfter,
            accessAfter.ack.length,
            ms(percentile(accessAfter.ack, 50)),
            ms(percentile(accessAfter.ack, 99)),
            ms(percentile(accessAfter.filled, 50)),
            ms(percentile(accessAfter.filled, 99)),
          ],
        ],
      ),
    );
    log();
    log(
      'Slack Web API and Admin API calls per approval, each flow a fresh bot on the fakes (submit = /access, ' +
        'the modal filled in and submitted; approve = the Approve click; each until settled):',
    );
    log(calls.text);
    log();
    log(
      table(
        ['target', 'measured', 'result'],
        [
          [`ack p99 ≤ ${RATIO_TARGET} × bare Bolt`, `${ratio.toFixed(2)}×`, verdict(ratioOk)],
          ['bot peak RSS ≤ 150 MB', mb(peakRss), verdict(rssOk)],
          ['API calls per approval ≤ before the redesign', calls.measured, verdict(calls.ok)],
          [
            'bot did the work, answered 200',
            `${clickedIds.size - notApplied.length}/${clickedIds.size} clicked applied (${applied.n} in all)`,
            problems.length === 0 ? 'ok' : 'WRONG',
          ],
        ],
      ),
    );
    for (const problem of problems.slice(0, 10)) log(`  problem: ${problem}`);
    for (const line of errorLines.slice(0, 5)) log(`  bot: ${line.slice(0, 300)}`);
    log(`(whole benchmark: ${ms(performance.now() - startedAt)})`);
    log();
    log(`RESULT: ${verdict(ok)}`);
    return ok ? 0 : 1;
  } finally {
    load?.stop();
    for (const app of apps) await app.stop().catch(() => app.child.kill());
    await db.destroy();
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

/** The node options of `npm start` (package.json), e.g. its young-generation size. */
function startNodeOptions(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (pkg.scripts.start ?? '').split(' ').filter((part) => part.startsWith('--'));
}

async function bundleApps(): Promise<{ bot: string; bare: string }> {
  const outdir = fileURLToPath(new URL('../../node_modules/.cache/access-bot-bench/', import.meta.url));
  const entry = (name: string) => fileURLToPath(new URL(`./support/${name}.ts`, import.meta.url));
  await build({
    entryPoints: { 'bot-process': entry('bot-process'), 'bare-bolt-process': entry('bare-bolt-process') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return { bot: join(outdir, 'bot-process.mjs'), bare: join(outdir, 'bare-bolt-process.mjs') };
}
