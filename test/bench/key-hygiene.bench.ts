/**
 * `npm run bench:keys` (issue 12, point 9): one key-hygiene run in a large org, against the local
 * fakes: 1 000 projects with 20 API keys each (user keys, service-account keys, keys of people who
 * left), 10 000 org users, one owner per project in Slack (100 owners, ten projects each).
 *
 * Printed: the Admin API calls of each run by endpoint (from the fake's own record), the Slack
 * calls, and the wall time.
 *
 * Targets (run 1, every project has news):
 *   judging the keys: calls = key-list pages (one per project: a page of 100 holds 20 keys)
 *     + org user-list pages (10 000 ÷ 100) + project-list pages (1 001 ÷ 100, the Default project too);
 *   telling the owners adds one member list per project WITH NEWS (whom to DM): no other call;
 *   wall time ≤ 10 s for the whole run, the 1 000 DMs included.
 * Run 2 (a week later, one project changed): calls = the same reads + 1 member list; no other DM.
 * The Slack side is measured as the difference between run 1 and a third run a week later with
 * nothing new (same reads, no member lists, no DMs).
 * Exit code 1 when a target is missed.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FakeAdminCall } from '../fakes/fake-openai-admin.js';
import { startHarness } from '../support/harness.js';
import { ms, seededRandom, table, verdict } from './support/report.js';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 1_000);
const KEYS_PER_PROJECT = 20;
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const OWNERS = 100;
const NOW = '2026-12-03T09:00:00Z';
const DAY = 86_400;
const WALL_TARGET_MS = 10_000;
const ADMIN_CHANNEL = 'C0ADMINS01';

const h = await startHarness({ now: NOW, env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL } });
h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
const random = seededRandom(12);
let failed = false;

try {
  const seeding = performance.now();
  const { state } = h.openai;
  const t = Date.parse(NOW) / 1000;
  const owners = Array.from({ length: OWNERS }, (_, i) =>
    h.person({ slackId: `UOWN${String(i).padStart(5, '0')}`, name: `Owner ${i}` }),
  );
  const users = owners.map((o) => o.orgUserId as string);
  for (let i = users.length; i < USERS; i += 1)
    users.push(state.addUser({ email: `person${i}@uni.example` }).id);
  const leavers = Array.from(
    { length: 200 },
    (_, i) => state.addUser({ email: `leaver${i}@uni.example` }).id,
  );
  const projectIds: string[] = [];
  for (let p = 0; p < PROJECTS; p += 1) {
    const project = state.addProject({ name: `Lab ${String(p).padStart(4, '0')}` });
    projectIds.push(project.id);
    state.addProjectUser(project.id, owners[p % OWNERS]?.orgUserId as string, 'owner');
    for (let k = 0; k < KEYS_PER_PROJECT; k += 1) {
      const kind = k % 10;
      // Used in the last day, or long ago (120–300 days), or never: a finding does not appear
      // merely because two weeks pass between the runs below.
      const roll = random();
      const lastUsedAt =
        roll < 0.15 ? null : roll < 0.6 ? t - DAY : t - (120 + Math.floor(random() * 180)) * DAY;
      const createdAt = t - (random() < 0.5 ? 200 : 400 + Math.floor(random() * 100)) * DAY;
      if (kind < 2) {
        state.addApiKey({
          projectId: project.id,
          owner: { serviceAccount: { name: `svc-${p}-${k}` } },
          createdAt,
          lastUsedAt,
        });
      } else {
        const member =
          kind === 2 ? (leavers[(p + k) % leavers.length] as string) : (users[(p * 7 + k) % USERS] as string);
        if (kind !== 3) state.addProjectUser(project.id, member, 'member');
        state.addApiKey({ projectId: project.id, owner: { userId: member }, createdAt, lastUsedAt });
      }
    }
  }
  for (const id of leavers) state.removeUser(id);
  console.log(
    `Seeded ${PROJECTS} projects × ${KEYS_PER_PROJECT} keys, ${state.users().length} org users, ${OWNERS} owners in Slack in ${ms(performance.now() - seeding)}.\n`,
  );
  const projectPages = Math.ceil(state.projects().length / 100);
  const userPages = Math.ceil(state.users().length / 100);

  const rows: (string | number)[][] = [];
  const walls: number[] = [];
  const measure = async (label: string, expected: (memberLists: number) => number) => {
    const before = h.openai.calls.length;
    const slackBefore = h.slack.calls.length;
    const started = performance.now();
    const report = await h.bot.jobs.keys.run();
    const wall = performance.now() - started;
    walls.push(wall);
    const calls = h.openai.calls.slice(before);
    const memberLists = calls.filter((c) => /\/users$/.test(c.path) && c.path.includes('/projects/')).length;
    const target = expected(memberLists);
    const ok = calls.length === target && wall <= WALL_TARGET_MS && report.failures.length === 0;
    failed ||= !ok;
    rows.push([
      label,
      calls.length,
      target,
      byEndpoint(calls),
      report.newFindings,
      report.ownerMessages,
      h.slack.calls.length - slackBefore,
      ms(wall),
      verdict(ok),
    ]);
    return { report, memberLists };
  };

  const reads = PROJECTS + 1 + userPages + projectPages; // key lists (the Default project too), users, projects
  const first = await measure('run 1: every project has news', (m) => reads + m);
  if (first.memberLists !== PROJECTS) {
    failed = true;
    console.log(`Expected one member list per project with news (${PROJECTS}); got ${first.memberLists}.`);
  }
  h.clock.advance(7 * DAY * 1000);
  state.removeProjectUser(projectIds[0] as string, owners[0]?.orgUserId as string);
  state.addProjectUser(projectIds[0] as string, owners[1]?.orgUserId as string, 'owner');
  const ownerKey = state.addApiKey({
    projectId: projectIds[0] as string,
    owner: { userId: owners[0]?.orgUserId as string },
    lastUsedAt: t,
  });
  void ownerKey;
  await measure('run 2: a week later, one project changed', (m) => reads + m);
  h.clock.advance(7 * DAY * 1000);
  await measure('run 3: a week later, nothing new', () => reads);

  console.log(
    table(
      [
        'run',
        'Admin API calls',
        'target',
        'by endpoint',
        'new findings',
        'owner DMs',
        'Slack calls',
        'wall time',
        'verdict',
      ],
      rows,
      [3],
    ),
  );
  console.log(
    `\nTarget: calls = ${PROJECTS + 1} key-list pages + ${userPages} user-list pages + ${projectPages} project-list pages` +
      ` (+ one member list per project with news, to find whom to DM); wall time ≤ ${WALL_TARGET_MS / 1000} s.`,
  );
  // The fakes answer in this process, on a machine other work may share: one plain round trip to
  // the fake now says how loaded it is (on an idle machine it takes about a millisecond).
  const probe = performance.now();
  for (let i = 0; i < 20; i += 1) {
    const answer = await fetch(
      `${h.openai.baseURL}/organization/projects/${projectIds[1]}/api_keys?limit=100`,
      {
        headers: { authorization: `Bearer ${h.openai.adminKey}` },
      },
    );
    await answer.json();
  }
  console.log(
    `One plain HTTP round trip to the fake Admin API (20 keys) now: ${ms((performance.now() - probe) / 20)}; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores.`,
  );
  const slackShare = (walls[0] ?? 0) - (walls[2] ?? 0);
  console.log(
    `Slack side and writes of run 1 (1 000 DMs, 1 000 member lists, findings stored) ≈ run 1 − run 3 = ${ms(slackShare)} of ${ms(walls[0] ?? 0)}.`,
  );
} finally {
  await h.close();
}
if (failed) process.exitCode = 1;

function byEndpoint(calls: readonly FakeAdminCall[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const path = call.path.replace(/proj_[A-Za-z0-9]+/g, '{p}');
    const key = `${call.method} ${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n}× ${key}`).join(', ') || 'none';
}
