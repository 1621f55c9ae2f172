import { randomUUID } from 'node:crypto';
import {
  keyOf,
  pendingAlerts,
  raiseAlerts,
  recipientsReached,
  saveAlertProgress,
} from '../db/budget-alerts.js';
import { allBudgets, allHardLimitReadings, type SoftBudget } from '../db/budgets.js';
import { storedCosts, storedHistorySpan } from '../db/daily-costs.js';
import { knownProjectName } from '../db/known-projects.js';
import { runUnderLease } from '../db/leases.js';
import type { BudgetAlert } from '../db/schema.js';
import { alertsCalledFor } from '../domain/budget-alerts.js';
import {
  budgetPeriodAt,
  calendarMonthAt,
  DAY_MS,
  earliestStart,
  type SpendOutlook,
  spendOutlook,
  startOfDay,
  startOfUtcDay,
  utcDay,
} from '../domain/budget-period.js';
import { costsByProject, type DailyCost, spendOf } from '../domain/daily-costs.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import type { BudgetNotice } from '../services/budget-notices.js';
import type { CoreDeps } from '../services/core-deps.js';
import { refreshCostHistory, UNSETTLED_DAYS } from '../services/cost-history.js';
import { noteHardLimit } from '../services/hard-limit-readings.js';
import { ADMINS, AlertRecipients, reachedOf } from './budget-alert-recipients.js';

export interface BudgetSweepReport {
  ran: boolean;
  /** Calls to OpenAI's costs report: its pages, one query for every project. */
  costPages: number;
  budgets: number;
  alertsRaised: number;
  /** Alert messages delivered (one per recipient and project). */
  messagesSent: number;
  hardLimitReads: number;
  failures: { subject: string; error: string }[];
}

const LEASE = 'budgets';

/** With no stored history yet, the sweep reads this far back: as far as OpenAI is known to keep costs. */
export const BACKFILL_DAYS = 90;
/** A known hard limit is read again once this month's spend reaches this share of it (or it is enforcing). */
export const HARD_LIMIT_WATCH_PERCENT = 90;

/**
 * Every BUDGET_SWEEP_SECONDS: stores the last days of OpenAI's costs report (one paged query
 * for all projects), raises the alerts the numbers call for (the database dedupes them per
 * project, period and threshold, across restarts), re-reads hard limits that are near or
 * enforcing, and delivers every alert not yet delivered, to the bot admins (ADMIN_CHANNEL, or
 * their DMs) and the project's owners. A send that fails leaves the alert pending for the next sweep.
 */
export class BudgetSweep {
  readonly owner = `budget-sweeper-${randomUUID()}`;
  /** Who hears alerts; made anew each run, so a person's Slack id is looked up once per run. */
  #recipients: AlertRecipients;

  constructor(
    private readonly deps: CoreDeps & {
      /** ADMIN_CHANNEL is set or ACCESS_ADMINS names someone: the admins are told every alert. */
      adminsReachable: boolean;
      leaseSeconds: number;
    },
  ) {
    this.#recipients = new AlertRecipients(deps);
  }

  async run(): Promise<BudgetSweepReport> {
    const { db, clock } = this.deps;
    const report: BudgetSweepReport = {
      ran: false,
      costPages: 0,
      budgets: 0,
      alertsRaised: 0,
      messagesSent: 0,
      hardLimitReads: 0,
      failures: [],
    };
    const now = clock.now();
    const ran = await runUnderLease(
      { db, clock, name: LEASE, owner: this.owner, seconds: this.deps.leaseSeconds },
      async () => {
        this.#recipients = new AlertRecipients(this.deps);
        const budgets = await allBudgets(db);
        report.budgets = budgets.length;
        await this.#storeRecentCosts(now, report);
        // Everything below reads the stored history: a failed costs query still delivers pending alerts.
        const costs = costsByProject(
          await storedCosts(db, { fromDay: utcDay(earliestStart(now, budgets)), toDay: utcDay(now) }),
        );
        const outlooks = await this.#raiseBudgetAlerts(now, budgets, costs, report);
        await this.#watchHardLimits(now, costs, report);
        await this.#deliver(now, budgets, outlooks, report);
        return true;
      },
    );
    report.ran = ran === true;
    return report;
  }

  /** Re-reads the unsettled days (and any gap since the last sweep); a first run backfills BACKFILL_DAYS. */
  async #storeRecentCosts(now: Date, report: BudgetSweepReport): Promise<void> {
    const { db, admin, clock, logger } = this.deps;
    const span = await storedHistorySpan(db);
    const backfill = startOfUtcDay(new Date(now.getTime() - BACKFILL_DAYS * DAY_MS));
    const unsettled = span
      ? new Date(startOfDay(span.lastDay).getTime() - (UNSETTLED_DAYS - 1) * DAY_MS)
      : backfill;
    const from = new Date(Math.max(unsettled.getTime(), backfill.getTime()));
    try {
      report.costPages = (await refreshCostHistory({ db, admin, clock }, { from })).pages;
    } catch (error) {
      report.failures.push({ subject: 'costs', error: describeAdminFailure(error) });
      logger.error(`The budget sweep could not read OpenAI's costs: ${describeAdminFailure(error)}`);
    }
  }

  async #raiseBudgetAlerts(
    now: Date,
    budgets: readonly SoftBudget[],
    costs: Map<string, DailyCost[]>,
    report: BudgetSweepReport,
  ): Promise<Map<string, SpendOutlook>> {
    const outlooks = new Map<string, SpendOutlook>();
    for (const budget of budgets) {
      const period = budgetPeriodAt(now, budget.resetDay);
      const outlook = spendOutlook({
        spentCents: spendOf(costs.get(budget.projectId), period),
        budgetCents: budget.amountCents,
        period,
        now,
      });
      outlooks.set(budget.projectId, outlook);
      const due = alertsCalledFor({ projectId: budget.projectId, outlook, thresholds: budget.thresholds });
      report.alertsRaised += await raiseAlerts(this.deps.db, due, now);
    }
    return outlooks;
  }

  /**
   * Hard limits the bot knows of (read where shown or set) are read again only when this
   * month's spend nears them or they were enforcing: no read per project per sweep.
   */
  async #watchHardLimits(
    now: Date,
    costs: Map<string, DailyCost[]>,
    report: BudgetSweepReport,
  ): Promise<void> {
    const { db, admin, logger } = this.deps;
    const month = calendarMonthAt(now);
    for (const reading of await allHardLimitReadings(db)) {
      const spent = spendOf(costs.get(reading.project_id), month);
      const near = spent * 100 >= reading.threshold_cents * HARD_LIMIT_WATCH_PERCENT;
      if (reading.status !== 'enforcing' && !near) continue;
      try {
        const limit = await admin.getHardLimit(reading.project_id);
        report.hardLimitReads += 1;
        report.alertsRaised += await noteHardLimit(db, reading.project_id, limit ?? null, now);
      } catch (error) {
        report.failures.push({ subject: reading.project_id, error: describeAdminFailure(error) });
        logger.warn(`Could not read the hard limit of ${reading.project_id}: ${describeAdminFailure(error)}`);
      }
    }
  }

  async #deliver(
    now: Date,
    budgets: readonly SoftBudget[],
    outlooks: Map<string, SpendOutlook>,
    report: BudgetSweepReport,
  ): Promise<void> {
    const byProject = new Map<string, BudgetAlert[]>();
    for (const alert of await pendingAlerts(this.deps.db)) {
      byProject.set(alert.project_id, [...(byProject.get(alert.project_id) ?? []), alert]);
    }
    const budgetOf = new Map(budgets.map((b) => [b.projectId, b]));
    for (const [projectId, alerts] of byProject) {
      try {
        await this.#deliverProject(
          now,
          projectId,
          alerts,
          budgetOf.get(projectId),
          outlooks.get(projectId),
          report,
        );
      } catch (error) {
        report.failures.push({ subject: projectId, error: String(error) });
        this.deps.logger.error(`Budget alerts of ${projectId} failed: ${String(error)}`);
      }
    }
  }

  async #deliverProject(
    now: Date,
    projectId: string,
    alerts: readonly BudgetAlert[],
    budget: SoftBudget | undefined,
    outlook: SpendOutlook | undefined,
    report: BudgetSweepReport,
  ): Promise<void> {
    const { db, notifier, logger } = this.deps;
    const month = utcDay(calendarMonthAt(now).start);
    const period = budget ? utcDay(budgetPeriodAt(now, budget.resetDay).start) : undefined;
    const current = alerts.filter((a) => a.period_start === (a.kind === 'hard_limit' ? month : period));
    for (const stale of alerts.filter((a) => !current.includes(a))) {
      // Its period is over (or the budget is gone): news about it would only confuse.
      logger.warn(
        `Budget alert ${stale.kind} ${stale.threshold} of ${projectId} ends unsent: ${stale.last_error}`,
      );
      await saveAlertProgress(db, keyOf(stale), {
        status: 'abandoned',
        deliveredTo: recipientsReached(stale),
        attempts: stale.attempts,
        lastError: stale.last_error,
        sentAt: null,
      });
    }
    if (current.length === 0) return;

    const { recipients, complete, problem } = await this.#recipients.of(projectId);
    const reached = new Map(current.map((a) => [a, new Set(reachedOf(a))]));
    const errors = problem ? [problem] : [];
    const projectName = (await knownProjectName(db, projectId)) ?? projectId;
    for (const recipient of recipients) {
      const missing = current.filter((a) => !reached.get(a)?.has(recipient));
      if (missing.length === 0) continue;
      const thresholds = missing.filter((a) => a.kind === 'threshold').map((a) => a.threshold);
      const hardLimit = missing.find((a) => a.kind === 'hard_limit');
      const notice: BudgetNotice = {
        kind: 'budget.alert',
        projectName,
        outlook: outlook ?? null,
        threshold: thresholds.length > 0 ? Math.max(...thresholds) : null,
        forecast: missing.some((a) => a.kind === 'forecast'),
        hardLimit: hardLimit ? { thresholdCents: hardLimit.threshold } : null,
      };
      try {
        // The admins' delivery never throws: a refused channel falls back to DMs.
        if (recipient === ADMINS) await notifier.toAdmins(notice);
        else await notifier.toPerson(recipient, notice);
        for (const alert of missing) reached.get(alert)?.add(recipient);
        report.messagesSent += 1;
      } catch (error) {
        errors.push(`${recipient}: ${String(error)}`);
        logger.warn(`Could not send the budget alert of ${projectId} to ${recipient}: ${String(error)}`);
      }
    }
    if (recipients.length === 0) {
      errors.push(
        'nobody to tell: set ADMIN_CHANNEL or ACCESS_ADMINS, or give the project owners who are in Slack',
      );
    }
    for (const alert of current) {
      const to = reached.get(alert) ?? new Set<string>();
      const done = complete && recipients.length > 0 && recipients.every((r) => to.has(r));
      await saveAlertProgress(db, keyOf(alert), {
        status: done ? 'sent' : 'pending',
        deliveredTo: [...to],
        attempts: alert.attempts + 1,
        lastError: done ? null : errors.join('; ') || null,
        sentAt: done ? now : null,
      });
    }
  }
}
