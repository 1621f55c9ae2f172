import { randomUUID } from 'node:crypto';
import { addDays } from 'date-fns/addDays';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { lastRunOf, recordRun } from '../db/job-runs.js';
import { runUnderLease } from '../db/leases.js';
import { everyone, recordSlackState, rememberPeople } from '../db/people.js';
import type { SlackAccountCheck } from '../db/schema.js';
import { replaceSlackAccountChecks } from '../db/slack-account-checks.js';
import { lastKeyUse } from '../domain/offboarding.js';
import type { AdminApi } from '../openai/admin-api.js';
import type { OrgUser } from '../openai/admin-types.js';
import type { Offboarding } from '../services/offboarding.js';
import { OrgView } from '../services/org-view.js';
import { SLACK_ACCOUNT_CHECK } from '../services/people-report.js';
import type { SlackAccount, SlackAccounts } from '../services/slack-accounts.js';

export interface SlackAccountSweepReport {
  ran: boolean;
  /** False when the last full check is less than a day old (the sweep is scheduled more often). */
  checked: boolean;
  orgUsers: number;
  slackPages: number;
  rateLimited: number;
  deactivated: number;
  cardsRaised: number;
  withoutSlack: number;
  /** Cards left `removing` by a process that stopped, shown as failed with Retry. */
  staleRemovalsFreed: number;
  failures: { subject: string; error: string }[];
}

const LEASE = 'slack-accounts';

/**
 * Once a day: every org user's Slack account, found through the stored map or by email in one
 * paged `users.list` (paced to its rate tier). A deactivated account raises the same card the
 * `user_change` event would, once (a missed event, a bot that was down); an account back from
 * deactivation closes an undecided card; org users with no Slack account are stored for
 * `/access people`, not nagged about.
 */
export class SlackAccountSweep {
  readonly owner = `slack-accounts-${randomUUID()}`;

  constructor(
    private readonly deps: {
      db: Db;
      admin: AdminApi;
      clock: Clock;
      accounts: SlackAccounts;
      offboarding: Offboarding;
      leaseSeconds: number;
    },
  ) {}

  async run(): Promise<SlackAccountSweepReport> {
    const { db, clock } = this.deps;
    const report: SlackAccountSweepReport = {
      ran: false,
      checked: false,
      orgUsers: 0,
      slackPages: 0,
      rateLimited: 0,
      deactivated: 0,
      cardsRaised: 0,
      withoutSlack: 0,
      staleRemovalsFreed: 0,
      failures: [],
    };
    const ran = await runUnderLease(
      { db, clock, name: LEASE, owner: this.owner, seconds: this.deps.leaseSeconds },
      async () => {
        report.staleRemovalsFreed = await this.deps.offboarding.freeStaleRemovals();
        const last = await lastRunOf(db, SLACK_ACCOUNT_CHECK);
        if (last && clock.now() < addDays(last, 1)) return true;
        await this.check(report);
        await recordRun(db, SLACK_ACCOUNT_CHECK, clock.now());
        report.checked = true;
        return true;
      },
    );
    report.ran = ran === true;
    return report;
  }

  private async check(report: SlackAccountSweepReport): Promise<void> {
    const { db, admin, accounts } = this.deps;
    const { users } = await admin.listOrgUsers();
    report.orgUsers = users.length;
    const slack = await accounts.listAll();
    report.slackPages = slack.pages;
    report.rateLimited = slack.rateLimited;
    const people = slack.accounts.filter((a) => !a.isBot);
    const bySlackId = new Map(people.map((a) => [a.slackId, a]));
    const byEmail = new Map(people.filter((a) => a.email).map((a) => [(a.email as string).toLowerCase(), a]));
    const mapped = new Map<string, string>();
    for (const row of await everyone(db))
      if (row.openai_user_id) mapped.set(row.openai_user_id, row.slack_user_id);

    const view = new OrgView(admin);
    const rows: SlackAccountCheck[] = [];
    for (const user of users) {
      const mappedId = mapped.get(user.id);
      const account =
        (mappedId ? bySlackId.get(mappedId) : undefined) ??
        (user.email ? byEmail.get(user.email.toLowerCase()) : undefined);
      try {
        rows.push(await this.checkOne(user, account, view, report));
      } catch (error) {
        report.failures.push({ subject: user.id, error: String(error) });
      }
    }
    await replaceSlackAccountChecks(db, rows);
  }

  private async checkOne(
    user: OrgUser,
    account: SlackAccount | undefined,
    view: OrgView,
    report: SlackAccountSweepReport,
  ): Promise<SlackAccountCheck> {
    const { db, clock, offboarding } = this.deps;
    const row: SlackAccountCheck = {
      openai_user_id: user.id,
      email: user.email ?? null,
      name: user.name ?? null,
      org_role: user.role ?? null,
      slack_status: account ? (account.deleted ? 'deactivated' : 'active') : 'none',
      slack_user_id: account?.slackId ?? null,
      projects: '[]',
      last_key_use_at: null,
      checked_at: clock.now().toISOString(),
    };
    if (!account) {
      // Only people with no Slack account are listed with their projects and keys: their projects'
      // members and keys are read once per run, whoever else needs them.
      report.withoutSlack += 1;
      const projects = await view.membershipsOf(user.id);
      row.projects = JSON.stringify(projects.map((p) => ({ name: p.projectName, role: p.role })));
      row.last_key_use_at = lastKeyUse(await view.keysOwnedBy(user.id, projects).catch(() => []));
      return row;
    }
    await rememberPeople(
      db,
      [{ slackId: account.slackId, email: account.email ?? user.email, openaiUserId: user.id }],
      clock.now(),
    );
    const change = await recordSlackState(
      db,
      { slackId: account.slackId, deleted: account.deleted, email: account.email },
      clock.now(),
    );
    if (account.deleted) {
      report.deactivated += 1;
      const raised = await offboarding.raise(account, 'reconciliation', view, user);
      if (raised === 'raised' || raised === 'reposted') report.cardsRaised += 1;
    } else if (change === 'reactivated') {
      await offboarding.reactivated(account.slackId);
    }
    return row;
  }
}
