import { transitionRequest } from '../db/access-requests.js';
import { dropPendingBudgetAlerts } from '../db/budget-alerts.js';
import { deleteBudget, findBudget } from '../db/budgets.js';
import { appliedServiceAccountsOf, openRequestsForProject } from '../db/project-requests.js';
import type { AccessRequest, ProjectRequest } from '../db/schema.js';
import { markAccountGone } from '../db/service-account-requests.js';
import { periodFor, utcDay } from '../domain/budget-period.js';
import { costsCsv } from '../domain/cost-export.js';
import type { CoreDeps } from './core-deps.js';
import type { RequestMessages } from './request-messages.js';

type Done = { status: 'done'; detail: unknown };

/**
 * The steps of archiving a project. Each is safe to run again after a crash: the report is
 * re-read, expired requests stay expired, archiving an archived project changes nothing.
 */
export class ArchiveSteps {
  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      /** A grant closed by the archive that something else tracks (a group onboarding's card). */
      grantClosed?: (grant: AccessRequest, reason: string) => Promise<void>;
    },
  ) {}

  /** This budget period's costs (the calendar month without a budget), as CSV, to every owner. */
  async finalCostReport(request: ProjectRequest, projectId: string): Promise<Done> {
    const { db, admin, notifier, clock } = this.deps;
    const now = clock.now();
    const period = periodFor(await findBudget(db, projectId), now);
    const { costs } = await admin.dailyCosts({ from: period.start, projectIds: [projectId] });
    const rows = costs
      .filter((c) => c.projectId === projectId)
      .sort((a, b) => a.day.localeCompare(b.day))
      .map((c) => ({ day: c.day, projectId, projectName: request.project_name, cents: c.cents }));
    const from = utcDay(period.start);
    const to = utcDay(now);
    const owners = (await admin.listProjectUsers(projectId)).filter((u) => u.role === 'owner' && u.email);
    const sentTo: string[] = [];
    for (const owner of owners) {
      const slackId = await this.deps.people.slackIdByEmail(owner.email as string).catch(() => undefined);
      if (!slackId) continue;
      await notifier.sendFile(
        slackId,
        {
          filename: `openai-costs-${projectId}-${from}-to-${to}.csv`,
          title: `Final costs of ${request.project_name}`,
          content: costsCsv(rows),
        },
        { kind: 'project_archive.cost_report', projectName: request.project_name, from, to },
      );
      sentTo.push(slackId);
    }
    return { status: 'done', detail: { sent_to: sentTo, days: rows.length } };
  }

  /** Open access requests for the project can no longer be granted: expired, with the reason. */
  async expireRequests(request: ProjectRequest, projectId: string): Promise<Done> {
    const { db, clock, messages } = this.deps;
    const expired: string[] = [];
    for (const open of await openRequestsForProject(db, projectId)) {
      const moved = await transitionRequest(db, {
        id: open.id,
        from: ['pending', 'approved', 'awaiting_invite'],
        to: 'expired',
        actor: request.decided_by ?? 'system',
        action: 'request.expired',
        at: clock.now(),
        set: { last_error: `The project ${request.project_name} was archived.` },
        details: { reason: 'project archived', project_request: request.id },
      });
      if (!moved) continue;
      expired.push(open.id);
      await messages.refreshAll(open.id);
      await this.deps.grantClosed?.(moved, `the project ${request.project_name} was archived`);
    }
    return { status: 'done', detail: { expired } };
  }

  async archive(projectId: string): Promise<Done> {
    const project = await this.deps.admin.archiveProject(projectId);
    return { status: 'done', detail: { archived_at: project.archived_at ?? null } };
  }

  /**
   * No budget, no alerts: the budget sweep and the key report only look at active projects. Its
   * service accounts went with the archive, so their end dates are no longer the sweep's work.
   */
  async stopBudgets(projectId: string): Promise<Done> {
    const { db, clock } = this.deps;
    const accounts = await appliedServiceAccountsOf(db, projectId);
    for (const serviceAccountId of accounts) {
      await markAccountGone(db, {
        serviceAccountId,
        actor: 'system',
        action: 'service_account.archived_with_project',
        at: clock.now(),
        details: { project_id: projectId },
      });
    }
    const hadBudget = Boolean(await findBudget(db, projectId));
    await db.transaction().execute(async (trx) => {
      await deleteBudget(trx, projectId);
      await dropPendingBudgetAlerts(trx, projectId);
    });
    return {
      status: 'done',
      detail: { budget_removed: hadBudget, service_accounts_closed: accounts.length },
    };
  }
}
