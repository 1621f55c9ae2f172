import { alertsOfPeriod } from '../db/budget-alerts.js';
import { allBudgets, allHardLimitReadings, findBudget } from '../db/budgets.js';
import { storedCosts } from '../db/daily-costs.js';
import { getTier, listTiers } from '../db/project-settings.js';
import {
  calendarMonthAt,
  earlier,
  earliestStart,
  periodFor,
  type SpendOutlook,
  spendOutlook,
  utcDay,
} from '../domain/budget-period.js';
import { costsByProject, spendOf } from '../domain/daily-costs.js';
import type { ProjectTier } from '../domain/key-findings.js';
import { type SpendGauge, spendGauge } from '../domain/spend-gauge.js';
import { BudgetAccess, type MembershipProblem } from './budget-access.js';
import type { CoreDeps } from './core-deps.js';
import { noteHardLimit } from './hard-limit-readings.js';
import type { DirectoryProject, ProjectDirectory } from './project-directory.js';

/** One project's line in `/access budget`. */
export interface BudgetRow {
  project: { id: string; name: string };
  outlook: SpendOutlook;
  /** The soft budget, else the last reading of OpenAI's hard limit against this month's spend. */
  gauge: SpendGauge | null;
  /** The last reading of OpenAI's hard limit says it is enforcing. */
  blocked: boolean;
  /** The tier an admin set (`/access project … tier …`). */
  tier?: ProjectTier | undefined;
}

export type BudgetOverview =
  | {
      kind: 'overview';
      /** Most-used first. */
      rows: BudgetRow[];
      scope: 'all' | 'mine';
      /** Projects left out because they spent nothing and have no budget (admins only; else 0). */
      quietCount: number;
    }
  | { kind: 'refused'; reason: MembershipProblem };

/** `/access budget <project>`: everything its message shows. */
export interface BudgetDetail {
  project: { id: string; name: string };
  outlook: SpendOutlook;
  thresholds: readonly number[] | null;
  budgetSetBy: { slackId: string; at: string } | null;
  /** Spend this calendar month (UTC), what OpenAI's monthly hard limit counts against. */
  monthSpentCents: number;
  hardLimit: { thresholdCents: number; enforcing: boolean } | null;
  /** The soft budget, else the hard limit just read against `monthSpentCents`. */
  gauge: SpendGauge | null;
  /** Thresholds already alerted in this period. */
  alertedThresholds: readonly number[];
  canEdit: boolean;
  /** The tier an admin set (`/access project … tier …`). */
  tier?: ProjectTier | undefined;
}

export type BudgetDetailAnswer =
  | { kind: 'detail'; detail: BudgetDetail }
  | { kind: 'unknown_project'; typed: string; suggestions: readonly { name: string }[] }
  | { kind: 'not_member'; projectName: string };

/**
 * Where the money goes (`/access budget`), one project's outlook, and the projects over a share
 * of their budget (the admins' App Home). Spend comes from one paged costs query per report,
 * never one per project; a hard limit is read only where it is shown.
 */
export class BudgetReport {
  readonly #access: BudgetAccess;

  constructor(
    private readonly deps: CoreDeps & {
      directory: ProjectDirectory;
      botAdmins: readonly string[];
    },
  ) {
    this.#access = new BudgetAccess(deps);
  }

  /** `/access budget`: the person's projects (bot admins: all) with spend this period, most-used first. */
  async overview(slackId: string): Promise<BudgetOverview> {
    const { db, admin, clock, directory } = this.deps;
    const now = clock.now();
    const isAdmin = this.#access.isAdmin(slackId);
    const budgets = new Map((await allBudgets(db)).map((b) => [b.projectId, b]));
    // The hard limits as last read (where shown or set): never a read per project here.
    const readings = new Map((await allHardLimitReadings(db)).map((r) => [r.project_id, r]));
    const tiers = await listTiers(db);
    const month = calendarMonthAt(now);
    const periodOf = (projectId: string) => periodFor(budgets.get(projectId), now);
    const { costs } = await admin.dailyCosts({ from: earliestStart(now, budgets.values()) });
    const byProject = costsByProject(costs);
    const known = await directory.projects([...byProject.keys(), ...budgets.keys()]);
    const projects = withStrangers(known, [...byProject.keys(), ...budgets.keys()]);

    const rows: BudgetRow[] = projects.map((project) => {
      const budget = budgets.get(project.id);
      const reading = readings.get(project.id);
      const outlook = spendOutlook({
        spentCents: spendOf(byProject.get(project.id), periodOf(project.id)),
        budgetCents: budget?.amountCents ?? null,
        period: periodOf(project.id),
        now,
      });
      return {
        project,
        tier: tiers.get(project.id),
        blocked: reading?.status === 'enforcing',
        outlook,
        gauge: spendGauge({
          outlook,
          monthSpentCents: spendOf(byProject.get(project.id), month),
          hardLimitCents: reading?.threshold_cents ?? null,
        }),
      };
    });
    let relevant = rows.filter((r) => r.outlook.spentCents !== 0 || budgets.has(r.project.id) || r.blocked);
    const shown = new Set(relevant.map((r) => r.project.id));
    const quietCount = projects.filter((p) => !p.archived && !shown.has(p.id)).length;

    if (!isAdmin) {
      const membership = await this.#access.memberships(
        slackId,
        relevant.map((r) => r.project.id),
      );
      if (!membership.ok) return { kind: 'refused', reason: membership.problem };
      relevant = relevant.filter((r) => membership.projectIds.has(r.project.id));
    }
    relevant.sort(
      (a, b) => b.outlook.spentCents - a.outlook.spentCents || a.project.name.localeCompare(b.project.name),
    );
    return {
      kind: 'overview',
      rows: relevant,
      scope: isAdmin ? 'all' : 'mine',
      quietCount: isAdmin ? quietCount : 0,
    };
  }

  /**
   * Projects whose spend this period passed `percent` of their soft budget. Spend comes from the
   * stored history (the App Home is re-published often; it must not query costs), names from the
   * cached project directory.
   */
  async over(percent: number): Promise<{ projectName: string; percent: number }[]> {
    const { directory } = this.deps;
    const over = await this.#over(percent);
    if (over.length === 0) return [];
    const names = new Map(
      (await directory.projects(over.map((row) => row.projectId))).map((p) => [p.id, p.name]),
    );
    return over
      .map((row) => ({ projectName: names.get(row.projectId) ?? row.projectId, percent: row.percent }))
      .sort((a, b) => b.percent - a.percent);
  }

  /** How many projects `over(percent)` would list, without looking up their names (for /metrics). */
  async countOver(percent: number): Promise<number> {
    return (await this.#over(percent)).length;
  }

  async #over(percent: number): Promise<{ projectId: string; percent: number }[]> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const budgets = await allBudgets(db);
    if (budgets.length === 0) return [];
    const costs = costsByProject(
      await storedCosts(db, { fromDay: utcDay(earliestStart(now, budgets)), toDay: utcDay(now) }),
    );
    return budgets
      .filter((budget) => budget.amountCents > 0)
      .map((budget) => ({
        projectId: budget.projectId,
        percent: (100 * spendOf(costs.get(budget.projectId), periodFor(budget, now))) / budget.amountCents,
      }))
      .filter((row) => row.percent >= percent);
  }

  /** `/access budget <project>`: spend, budget, hard limit and its enforcement, forecast, run-out date. */
  async detail(slackId: string, typed: string): Promise<BudgetDetailAnswer> {
    const { db, admin, clock, directory } = this.deps;
    const match = await directory.find(typed);
    if (!match.found) return { kind: 'unknown_project', typed, suggestions: match.suggestions };
    const { project } = match;
    const access = await this.#access.viewerAccess(slackId, project.id);
    if (!access.canView) return { kind: 'not_member', projectName: project.name };
    const now = clock.now();
    const budget = await findBudget(db, project.id);
    const period = periodFor(budget, now);
    const month = calendarMonthAt(now);
    const [{ costs }, hardLimit] = await Promise.all([
      admin.dailyCosts({ from: earlier(period.start, month.start), projectIds: [project.id] }),
      admin.getHardLimit(project.id),
    ]);
    await noteHardLimit(db, project.id, hardLimit ?? null, now);
    const alerts = await alertsOfPeriod(db, project.id, utcDay(period.start));
    const outlook = spendOutlook({
      spentCents: spendOf(costs, period),
      budgetCents: budget?.amountCents ?? null,
      period,
      now,
    });
    const monthSpentCents = spendOf(costs, month);
    return {
      kind: 'detail',
      detail: {
        project,
        outlook,
        thresholds: budget?.thresholds ?? null,
        budgetSetBy: budget ? { slackId: budget.updatedBy, at: budget.updatedAt } : null,
        monthSpentCents,
        hardLimit: hardLimit ?? null,
        gauge: spendGauge({ outlook, monthSpentCents, hardLimitCents: hardLimit?.thresholdCents ?? null }),
        alertedThresholds: alerts
          .filter((a) => a.kind === 'threshold' && a.status === 'sent')
          .map((a) => a.threshold),
        canEdit: access.canEdit,
        tier: await getTier(db, project.id),
      },
    };
  }
}

/** Projects the costs or budgets name that the project list does not (yet) have, shown by id. */
function withStrangers(known: DirectoryProject[], ids: Iterable<string>): DirectoryProject[] {
  const seen = new Set(known.map((p) => p.id));
  const strangers = [...new Set(ids)]
    .filter((id) => !seen.has(id))
    .map((id) => ({ id, name: id, archived: false }));
  return [...known, ...strangers];
}
