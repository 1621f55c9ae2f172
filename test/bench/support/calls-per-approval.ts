/**
 * How many Slack Web API and Admin API calls one approval costs (redesign issue, point 8:
 * "behaviour unchanged, measured"): the real bot (test/support/harness.ts) against the local
 * fakes, which record every call. Per flow, a fresh bot, org and database, so every flow starts
 * from the same cold caches; two phases counted apart, each from the first request to the bot
 * until it settled (everything before, e.g. the bot starting, is left out):
 *
 * - submit: `/access` (the modal opens and is filled in), then the form submitted;
 * - approve: the first owner clicks Approve.
 *
 * Flows: `member` (the requester is an org user: added to the project, request applied) and
 * `newcomer` (not an org user yet: an invite carrying the project is sent, a pre-assignment).
 * The project has two owners, both in Slack and the org, so fan-out (a DM to each, every copy
 * updated) shows in the numbers.
 *
 * Target: neither Slack Web API calls nor Admin API calls per flow grow compared to the numbers
 * measured before the redesign (`BASELINE`). response_url posts are shown, not targeted.
 */
import { ActionIds } from '../../../src/slack/ids.js';
import { clickButton } from '../../support/click.js';
import { type Harness, type Person, startHarness } from '../../support/harness.js';
import { requestFormValues } from '../../support/request-form.js';
import { type Cell, table, verdict } from './report.js';

export type Flow = 'member' | 'newcomer';
export type Phase = 'submit' | 'approve';

export interface Tally {
  /** Slack Web API calls by method. */
  slack: Record<string, number>;
  /** Admin API calls by `METHOD /path`, ids replaced by `{id}`. */
  admin: Record<string, number>;
  /** POSTs to a response_url (not Web API calls). */
  responseUrl: number;
}

export interface FlowCalls {
  flow: Flow;
  phases: Record<Phase, Tally>;
  /** What went wrong driving the flow (it did not end where it should). */
  problems: string[];
}

/**
 * Totals per flow and phase, measured at 678023d (the last commit before the redesign, before
 * services handed notices to src/slack/notifier/) by running this module on a throwaway
 * worktree of that commit; the same on every run. By method:
 * - submit, both flows: Slack chat.postMessage 3, conversations.open 3, users.info 1,
 *   users.lookupByEmail 2, views.open 1, views.update 1 (11); Admin API GET /organization/projects,
 *   GET /organization/projects/{id}, GET /organization/projects/{id}/users (3).
 * - member approve: Slack chat.postMessage 1, chat.update 3, users.info 1 (5); Admin API
 *   GET /organization/projects/{id}/users, GET /organization/projects/{id}/users/{id} (404: not a
 *   member yet), GET /organization/users, POST /organization/projects/{id}/users (4).
 * - newcomer approve: Slack chat.postMessage 2, chat.update 3, users.info 1 (6); Admin API
 *   GET /organization/invites, GET /organization/projects/{id}/users, GET /organization/users,
 *   POST /organization/invites (4).
 * No response_url posts in either.
 */
export const BASELINE: Record<Flow, Record<Phase, { slack: number; admin: number }>> = {
  member: { submit: { slack: 11, admin: 3 }, approve: { slack: 5, admin: 4 } },
  newcomer: { submit: { slack: 11, admin: 3 }, approve: { slack: 6, admin: 4 } },
};

const JUSTIFICATION = 'Evaluation runs for the retrieval chapter of my thesis.';
const FLOWS: { flow: Flow; orgMember: boolean; expect: string }[] = [
  { flow: 'member', orgMember: true, expect: 'applied' },
  { flow: 'newcomer', orgMember: false, expect: 'awaiting_invite' },
];

/** `/organization/projects/proj_x1y2/users` → `/organization/projects/{id}/users`. */
export function adminRoute(method: string, path: string): string {
  const route = path
    .split('/')
    .map((segment) => (/^[a-z]+[-_][A-Za-z0-9]{6,}$/.test(segment) || /\d/.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method.toUpperCase()} ${route}`;
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** Counts the calls the fakes record while `run` runs (which must settle the bot). */
async function tally(h: Harness, run: () => Promise<void>): Promise<Tally> {
  const slackFrom = h.slack.calls.length;
  const adminFrom = h.openai.calls.length;
  const responsesFrom = h.slack.responses.length;
  await run();
  return {
    slack: countBy(h.slack.calls.slice(slackFrom).map((c) => c.method)),
    admin: countBy(h.openai.calls.slice(adminFrom).map((c) => adminRoute(c.method, c.path))),
    responseUrl: h.slack.responses.length - responsesFrom,
  };
}

async function runFlow(flow: (typeof FLOWS)[number]): Promise<FlowCalls> {
  const h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN', LOG_LEVEL: 'warn' } });
  try {
    const owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
    const second = h.person({ slackId: 'UOWNER2', name: 'Otto Owner' });
    h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
    const requester: Person = h.person({
      slackId: 'UREQ',
      name: 'Rita Researcher',
      orgMember: flow.orgMember,
    });
    const project = h.openai.state.addProject({ name: 'Alpha' });
    h.openai.state.addProject({ name: 'Beta' });
    h.openai.state.addProjectUser(project.id, owner.orgUserId as string, 'owner');
    h.openai.state.addProjectUser(project.id, second.orgUserId as string, 'owner');

    const submit = await tally(h, async () => {
      await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: '' }));
      const opened = h.slack.openedViews.at(-1);
      if (!opened) throw new Error(`${flow.flow}: /access opened no modal`);
      await h.settle(
        h.sender.viewSubmissionOf({
          userId: requester.slackId,
          view: h.slack.view(opened.id),
          values: requestFormValues({ projectId: project.id, role: 'member', justification: JUSTIFICATION }),
        }),
      );
    });
    const request = await h.bot.db
      .selectFrom('access_requests')
      .select('id')
      .where('requester_slack_id', '=', requester.slackId)
      .executeTakeFirst();
    if (!request) throw new Error(`${flow.flow}: the submitted form stored no request`);
    const approve = await tally(h, () =>
      h.settle(clickButton(h, owner.slackId, ActionIds.approveRequest, request.id)).then(() => undefined),
    );
    const after = await h.bot.db
      .selectFrom('access_requests')
      .select(['status', 'last_error'])
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    const problems =
      after.status === flow.expect
        ? []
        : [`${flow.flow}: the approved request is ${after.status}, not ${flow.expect} (${after.last_error})`];
    // A 404 from the Admin API is an answer (e.g. "not a member of the project yet"), not a failure.
    const failed = [
      ...h.slack.calls.filter((c) => !c.ok).map((c) => `Slack ${c.method}: ${c.error}`),
      ...h.openai.calls
        .filter((c) => c.status >= 500 || c.status === 429 || c.status === 401)
        .map((c) => `Admin API ${c.method} ${c.path}: ${c.status}`),
    ];
    if (failed.length > 0) problems.push(`${flow.flow}: failed calls: ${failed.slice(0, 3).join('; ')}`);
    return { flow: flow.flow, phases: { submit, approve }, problems };
  } finally {
    await h.close();
  }
}

/** Both flows, one after the other, each on a bot of its own. */
export async function countCallsPerApproval(): Promise<FlowCalls[]> {
  const results: FlowCalls[] = [];
  for (const flow of FLOWS) results.push(await runFlow(flow));
  return results;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** `chat.postMessage 3, chat.update 3`, alphabetical. */
export function byMethod(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '–' : entries.map(([key, n]) => `${key} ${n}`).join(', ');
}

export interface CallsVerdict {
  ok: boolean;
  /** One line for the targets table: Slack + Admin API calls per flow and phase. */
  measured: string;
  /** The table, then the Admin API calls by route. */
  text: string;
  problems: string[];
}

/** The table `npm run bench` prints, and whether every flow stayed within its baseline. */
export function callsVerdict(results: readonly FlowCalls[]): CallsVerdict {
  const rows: Cell[][] = [];
  const routes: string[] = [];
  let ok = true;
  for (const result of results) {
    for (const phase of ['submit', 'approve'] as const) {
      const counts = result.phases[phase];
      const base = BASELINE[result.flow][phase];
      const slack = total(counts.slack);
      const admin = total(counts.admin);
      const pass = slack <= base.slack && admin <= base.admin;
      ok &&= pass;
      rows.push([
        `${result.flow} ${phase}`,
        slack,
        admin,
        counts.responseUrl,
        `Slack ≤ ${base.slack}, Admin ≤ ${base.admin}`,
        verdict(pass),
        byMethod(counts.slack),
      ]);
      routes.push(`  ${result.flow} ${phase}: ${byMethod(counts.admin)}`);
    }
  }
  const problems = results.flatMap((r) => r.problems);
  const measured = results
    .map((r) => {
      const pair = (phase: Phase) => `${total(r.phases[phase].slack)}+${total(r.phases[phase].admin)}`;
      return `${r.flow} ${pair('submit')} / ${pair('approve')}`;
    })
    .join(', ');
  return {
    ok: ok && problems.length === 0,
    measured: `${measured} (Slack+Admin, submit / approve)`,
    text: [
      table(
        [
          'flow',
          'Slack API',
          'Admin API',
          'response_url',
          'target: ≤ baseline (678023d)',
          'result',
          'Slack Web API calls by method',
        ],
        rows,
        [6],
      ),
      'Admin API calls by route:',
      ...routes,
    ].join('\n'),
    problems,
  };
}

// `tsx test/bench/support/calls-per-approval.ts` prints the counts on their own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await countCallsPerApproval();
  const verdict = callsVerdict(results);
  process.stdout.write(
    `${[verdict.text, ...verdict.problems, verdict.measured, verdict.ok ? 'PASS' : 'FAIL'].join('\n')}\n`,
  );
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exitCode = verdict.ok ? 0 : 1;
}
