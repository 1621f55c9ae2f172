/**
 * `npm run bench:budget`: the budget sweep and `/access budget` against the local fakes, with
 * 1 000 budgeted projects and 31 days of costs. Prints the Admin API calls (by endpoint) and the
 * wall time of each step. Not part of `npm test`.
 *
 * Target: Admin API calls = the pages of the one costs query (+ hard-limit reads only where a
 * hard limit is shown or near its amount); never a costs call per project. One fuzzy match of
 * what a person typed (a typo, or 10 000 characters) against the 1 000 project names: median
 * under 10 ms, so a pasted wall of text does not hold the event loop.
 */
import { performance } from 'node:perf_hooks';
import { recordHardLimitReading, saveBudget } from '../../src/db/budgets.js';
import { closestNames } from '../../src/domain/closest-names.js';
import { matchProject } from '../../src/domain/project-match.js';
import type { FakeAdminCall } from '../fakes/fake-openai-admin.js';
import { startHarness } from '../support/harness.js';
import { percentile, table, verdict } from './support/report.js';

const PROJECTS = 1_000;
const DAYS = 31;
const NOW = '2026-11-23T10:00:00Z';
const DAY = 86_400;
/** One fuzzy match must not hold the event loop longer than this (median), ms. */
const MATCH_TARGET_MS = 10;
const MATCH_RUNS = 200;

const h = await startHarness({ now: NOW, env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL: 'C0ADMINS01' } });
h.slack.addChannel({ id: 'C0ADMINS01', name: 'openai-admins' });
const owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
const admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });

try {
  const seeding = performance.now();
  const today = Math.floor(Date.parse(NOW) / 1000 / DAY) * DAY;
  for (let i = 0; i < PROJECTS; i += 1) {
    const project = h.openai.state.addProject({ name: `Lab ${String(i).padStart(4, '0')}` });
    h.openai.state.addProjectUser(project.id, owner.orgUserId as string, 'owner');
    const dollarsPerDay = (i % 50) + 1 + (i % 7) / 100;
    for (let day = DAYS - 1; day >= 0; day -= 1)
      h.openai.state.setDailyCost(project.id, today - day * DAY, dollarsPerDay);
    // One project in twenty is over its budget; the rest are far from theirs.
    const amountCents = i % 20 === 0 ? 1_000 : 1_000_000;
    await saveBudget(
      h.bot.db,
      { projectId: project.id, amountCents, resetDay: (i % 28) + 1, thresholds: [50, 75, 90, 100] },
      admin.slackId,
      new Date(NOW),
    );
    // The bot knows twenty hard limits (shown or set before); five of them this month's spend has
    // (nearly) reached, so the sweep reads those five again.
    if (i % 50 === 1) {
      const thresholdCents = i % 200 === 1 ? 4_500 : 10_000_000;
      h.openai.state.setSpendLimit(project.id, { thresholdCents });
      await recordHardLimitReading(
        h.bot.db,
        project.id,
        { thresholdCents, status: 'inactive' },
        new Date(NOW),
      );
    }
  }
  console.log(
    `Seeded ${PROJECTS} projects with budgets and ${DAYS} days of costs in ${ms(performance.now() - seeding)}.\n`,
  );

  const rows: string[][] = [];
  const measure = async (label: string, work: () => Promise<unknown>) => {
    const before = h.openai.calls.length;
    const slackBefore = h.slack.calls.length;
    const started = performance.now();
    await work();
    await h.bot.idle();
    const wall = performance.now() - started;
    const calls = h.openai.calls.slice(before);
    rows.push([
      label,
      String(calls.length),
      byEndpoint(calls),
      String(h.slack.calls.length - slackBefore),
      ms(wall),
    ]);
  };

  await measure('alert sweep, first run (stores 90 days)', () => h.bot.jobs.budgets.run());
  h.clock.advance(3600_000);
  await measure('alert sweep, an hour later', () => h.bot.jobs.budgets.run());
  await measure('/access budget as admin (project list cold)', () =>
    h.sender.slashCommand({ userId: admin.slackId, text: 'budget' }),
  );
  await measure('/access budget as admin (project list cached)', () =>
    h.sender.slashCommand({ userId: admin.slackId, text: 'budget' }),
  );
  await measure('/access budget Lab 0001 (one project, shown)', () =>
    h.sender.slashCommand({ userId: admin.slackId, text: 'budget Lab 0001' }),
  );
  await measure('/access budget <10 000 characters> (no such project)', () =>
    h.sender.slashCommand({ userId: admin.slackId, text: `budget Lab 00${'x'.repeat(10_000)}` }),
  );

  printTable(['step', 'Admin API calls', 'by endpoint', 'Slack calls', 'wall time'], rows);
  const alerts = await h.bot.db.selectFrom('budget_alerts').select(['status']).execute();
  console.log(
    `\nAlerts on record: ${alerts.length} (${alerts.filter((a) => a.status === 'sent').length} sent); admin channel messages: ${h.slack.messages('C0ADMINS01').length}.`,
  );
  printMatchTimes(
    h.openai.state
      .projects()
      .flatMap((p) => (p.name?.startsWith('Lab ') ? [{ id: p.id, name: p.name }] : [])),
  );
} finally {
  await h.close();
}

/** The median time of one fuzzy match against every project name, against its target. */
function printMatchTimes(projects: { id: string; name: string }[]): void {
  const names = projects.map((p) => p.name);
  const texts = [
    ['a typo ("Lba 0042")', 'Lba 0042'],
    ['10 000 characters', 'x'.repeat(10_000)],
    ['10 000 characters starting with a name', `Lab 0042 ${'please '.repeat(1_430)}`],
  ] as const;
  const rows: string[][] = [];
  for (const [label, text] of texts) {
    for (const [what, match] of [
      ['matchProject (/access budget)', () => matchProject(projects, text)],
      ['closestNames (/access audit)', () => closestNames(text, names)],
    ] as const) {
      const times: number[] = [];
      for (let run = 0; run < MATCH_RUNS; run += 1) {
        const started = performance.now();
        match();
        times.push(performance.now() - started);
      }
      const median = percentile(
        times.sort((a, b) => a - b),
        50,
      );
      const p99 = percentile(times, 99);
      rows.push([`${what}, ${label}`, median.toFixed(3), p99.toFixed(3), verdict(median < MATCH_TARGET_MS)]);
    }
  }
  console.log(
    `\nOne fuzzy match against ${projects.length} project names, ${MATCH_RUNS} runs each (target: median < ${MATCH_TARGET_MS} ms):`,
  );
  console.log(table(['match', 'median ms', 'p99 ms', 'target'], rows));
}

function byEndpoint(calls: readonly FakeAdminCall[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const path = call.path.replace(/proj_[A-Za-z0-9]+/g, '{project}').replace(/user-[A-Za-z0-9]+/g, '{user}');
    const key = `${call.method} ${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n}× ${key}`).join(', ') || 'none';
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function printTable(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of body) console.log(line(row));
}
