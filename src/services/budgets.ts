import type { ModalView } from '@slack/types';
import { recordAudit } from '../db/audit-events.js';
import { alertsOfPeriod, dropPendingBudgetAlerts, forgetAlertsNotCalledFor } from '../db/budget-alerts.js';
import {
  allBudgets,
  allHardLimitReadings,
  deleteBudget,
  findBudget,
  findHardLimitReading,
  type SoftBudget,
  saveBudget,
} from '../db/budgets.js';
import { storedCosts } from '../db/daily-costs.js';
import { knownProjectName, rememberProjects } from '../db/known-projects.js';
import { alertsCalledFor } from '../domain/budget-alerts.js';
import {
  BudgetChange,
  type BudgetFormField,
  type BudgetFormInput,
  validateBudgetForm,
} from '../domain/budget-form.js';
import {
  type BudgetPeriod,
  budgetPeriodAt,
  calendarMonthAt,
  spendOutlook,
  utcDay,
} from '../domain/budget-period.js';
import { limitRefusalText, limitRightOf } from '../domain/budget-policy.js';
import { exportRange } from '../domain/cost-export.js';
import { costsByProject, spendOf } from '../domain/daily-costs.js';
import { formatUsd } from '../domain/money.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import type { HardLimit } from '../openai/admin-types.js';
import {
  type BudgetRow,
  budgetDetailMessage,
  budgetOverviewMessage,
  unknownProjectText,
} from '../slack/blocks/budget-messages.js';
import {
  budgetConfirmModal,
  budgetNoticeModal,
  budgetSettingsModal,
  softChangeText,
} from '../slack/blocks/budget-modal.js';
import { escapeMrkdwn, mention, slackDate } from '../slack/blocks/format.js';
import { plainMessage, type SlackMessage } from '../slack/blocks/request-message.js';
import type { CoreDeps } from './core-deps.js';
import { exportStoredCosts } from './cost-history.js';
import { noteHardLimit } from './hard-limit-readings.js';
import type { DirectoryProject, ProjectDirectory } from './project-directory.js';

/** Membership checks for a non-admin's `/access budget` run this many at a time. */
const MEMBERSHIP_CHECKS_AT_ONCE = 8;

export type SettingsSubmission =
  | { kind: 'errors'; errors: Partial<Record<BudgetFormField, string>> }
  /** A hard-limit change: ask first. */
  | { kind: 'confirm'; view: ModalView }
  /** A soft-budget change: saved already. */
  | { kind: 'saved'; view: ModalView };

export type Confirmation = { kind: 'refused'; view: ModalView } | { kind: 'accepted'; change: BudgetChange };

export interface ExportRequest {
  from?: string | undefined;
  to?: string | undefined;
  projects: readonly string[];
}

/**
 * Budgets: where the money goes (`/access budget`), one project's outlook, and changing its soft
 * budget and OpenAI hard limit. Spend comes from one paged costs query per report, never one
 * per project; a hard limit is read only where it is shown.
 */
export class BudgetService {
  constructor(
    private readonly deps: CoreDeps & {
      directory: ProjectDirectory;
      botAdmins: readonly string[];
    },
  ) {}

  #isAdmin(slackId: string): boolean {
    return this.deps.botAdmins.includes(slackId);
  }

  // ---- reading ----

  /** `/access budget`: the person's projects (bot admins: all) with spend this period, most-used first. */
  async overview(slackId: string): Promise<SlackMessage> {
    const { db, admin, clock, directory } = this.deps;
    const now = clock.now();
    const budgets = new Map((await allBudgets(db)).map((b) => [b.projectId, b]));
    const blocked = new Set(
      (await allHardLimitReadings(db)).filter((r) => r.status === 'enforcing').map((r) => r.project_id),
    );
    const periodOf = (projectId: string) => periodFor(budgets.get(projectId), now);
    const { costs } = await admin.dailyCosts({ from: earliestStart(now, budgets.values()) });
    const byProject = costsByProject(costs);
    const known = await directory.projects([...byProject.keys(), ...budgets.keys()]);
    const projects = withStrangers(known, [...byProject.keys(), ...budgets.keys()]);

    const rows: BudgetRow[] = projects.map((project) => {
      const budget = budgets.get(project.id);
      return {
        project,
        blocked: blocked.has(project.id),
        outlook: spendOutlook({
          spentCents: spendOf(byProject.get(project.id), periodOf(project.id)),
          budgetCents: budget?.amountCents ?? null,
          period: periodOf(project.id),
          now,
        }),
      };
    });
    let relevant = rows.filter((r) => r.outlook.spentCents !== 0 || budgets.has(r.project.id) || r.blocked);
    const shown = new Set(relevant.map((r) => r.project.id));
    const quietCount = projects.filter((p) => !p.archived && !shown.has(p.id)).length;

    if (!this.#isAdmin(slackId)) {
      const membership = await this.#memberships(
        slackId,
        relevant.map((r) => r.project.id),
      );
      if (!membership.ok) return plainMessage(membership.text);
      relevant = relevant.filter((r) => membership.projectIds.has(r.project.id));
    }
    relevant.sort(
      (a, b) => b.outlook.spentCents - a.outlook.spentCents || a.project.name.localeCompare(b.project.name),
    );
    return budgetOverviewMessage({
      rows: relevant,
      scope: this.#isAdmin(slackId) ? 'all' : 'mine',
      quietCount: this.#isAdmin(slackId) ? quietCount : 0,
    });
  }

  /**
   * Projects whose spend this period passed `percent` of their soft budget. Spend comes from the
   * stored history (the App Home is re-published often; it must not query costs), names from the
   * cached project directory.
   */
  async over(percent: number): Promise<{ projectName: string; percent: number }[]> {
    const { db, clock, directory } = this.deps;
    const now = clock.now();
    const budgets = await allBudgets(db);
    if (budgets.length === 0) return [];
    const costs = costsByProject(
      await storedCosts(db, { fromDay: utcDay(earliestStart(now, budgets)), toDay: utcDay(now) }),
    );
    const over = budgets
      .filter((budget) => budget.amountCents > 0)
      .map((budget) => ({
        projectId: budget.projectId,
        percent: (100 * spendOf(costs.get(budget.projectId), periodFor(budget, now))) / budget.amountCents,
      }))
      .filter((row) => row.percent >= percent);
    if (over.length === 0) return [];
    const names = new Map(
      (await directory.projects(over.map((row) => row.projectId))).map((p) => [p.id, p.name]),
    );
    return over
      .map((row) => ({ projectName: names.get(row.projectId) ?? row.projectId, percent: row.percent }))
      .sort((a, b) => b.percent - a.percent);
  }

  /** `/access budget <project>`: spend, budget, hard limit and its enforcement, forecast, run-out date. */
  async detail(slackId: string, typed: string): Promise<SlackMessage> {
    const { db, admin, clock, directory } = this.deps;
    const match = await directory.find(typed);
    if (!match.found) return plainMessage(unknownProjectText(typed, match.suggestions));
    const { project } = match;
    const access = await this.#viewerAccess(slackId, project.id);
    if (!access.canView) {
      return plainMessage(
        `Only members of *${escapeMrkdwn(project.name)}* and bot admins can see its budget. \`/access request ${escapeMrkdwn(project.name)}\` asks to join it.`,
      );
    }
    const now = clock.now();
    const budget = await findBudget(db, project.id);
    const period = periodFor(budget, now);
    const month = calendarMonthAt(now);
    const [{ costs }, hardLimit] = await Promise.all([
      admin.dailyCosts({ from: earlier(period.start, month.start), projectIds: [project.id] }),
      admin.getHardLimit(project.id),
    ]);
    await this.#rememberHardLimit(project.id, hardLimit ?? null, now);
    const alerts = await alertsOfPeriod(db, project.id, utcDay(period.start));
    return budgetDetailMessage({
      project,
      outlook: spendOutlook({
        spentCents: spendOf(costs, period),
        budgetCents: budget?.amountCents ?? null,
        period,
        now,
      }),
      thresholds: budget?.thresholds ?? null,
      budgetSetBy: budget ? { slackId: budget.updatedBy, at: budget.updatedAt } : null,
      monthSpentCents: spendOf(costs, month),
      hardLimit: hardLimit ?? null,
      alertedThresholds: alerts
        .filter((a) => a.kind === 'threshold' && a.status === 'sent')
        .map((a) => a.threshold),
      canEdit: access.canEdit,
    });
  }

  /** Bot admins see every project; anyone else what OpenAI lists them in, now. */
  async #viewerAccess(slackId: string, projectId: string): Promise<{ canView: boolean; canEdit: boolean }> {
    if (this.#isAdmin(slackId)) return { canView: true, canEdit: true };
    const email = await this.deps.slack.emailOf(slackId);
    const user = email ? await this.deps.admin.findUserByEmail(email) : undefined;
    const membership = user ? await this.deps.admin.findProjectUser(projectId, user.id) : undefined;
    return { canView: membership !== undefined, canEdit: membership?.role === 'owner' };
  }

  /** Which of `projectIds` the person is in, per the Admin API (one look-up each, a few at a time). */
  async #memberships(
    slackId: string,
    projectIds: readonly string[],
  ): Promise<{ ok: true; projectIds: Set<string> } | { ok: false; text: string }> {
    const { admin, slack } = this.deps;
    const email = await slack.emailOf(slackId);
    if (!email) {
      return {
        ok: false,
        text: 'Your Slack profile has no confirmed email, so OpenAI cannot be matched to you. Ask a bot admin.',
      };
    }
    const user = await admin.findUserByEmail(email);
    if (!user) {
      return {
        ok: false,
        text: `${email} is not a member of the OpenAI organization, so you have no projects yet. \`/access\` asks for one.`,
      };
    }
    const member = new Set<string>();
    const queue = [...projectIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (await admin.findProjectUser(id, user.id)) member.add(id);
      }
    };
    await Promise.all(Array.from({ length: MEMBERSHIP_CHECKS_AT_ONCE }, worker));
    return { ok: true, projectIds: member };
  }

  // ---- changing ----

  /** The budget modal for a project (by id, or as typed), or a modal saying why not. */
  async settingsForm(slackId: string, project: { id: string } | { typed: string }): Promise<ModalView> {
    const { db, admin, clock } = this.deps;
    const found = await this.#resolve(project);
    if ('text' in found) return budgetNoticeModal(found.text);
    const right = await this.#rightToChange(slackId, found.project.id);
    if (!right.allowed) return budgetNoticeModal(limitRefusalText(found.project.name));
    const [budget, hardLimit] = await Promise.all([
      findBudget(db, found.project.id),
      admin.getHardLimit(found.project.id),
    ]);
    await this.#rememberHardLimit(found.project.id, hardLimit ?? null, clock.now());
    return budgetSettingsModal({
      project: found.project,
      budget: budget ?? null,
      hardLimit: hardLimit ?? null,
    });
  }

  /**
   * A submitted budget modal. Authorization is decided here, from current data, whatever the
   * modal carried. A soft-budget change is saved at once; a hard-limit change asks first.
   */
  async submitSettings(
    slackId: string,
    projectId: string,
    input: BudgetFormInput,
  ): Promise<SettingsSubmission> {
    const { db } = this.deps;
    const [budget, reading] = await Promise.all([
      findBudget(db, projectId),
      findHardLimitReading(db, projectId),
    ]);
    const result = validateBudgetForm(input, {
      projectId,
      hasBudget: budget !== undefined,
      currentHardLimitCents: reading?.threshold_cents ?? null,
    });
    if (!result.ok) return { kind: 'errors', errors: result.errors };
    const found = await this.#resolve({ id: projectId });
    if ('text' in found) return { kind: 'errors', errors: { amount: found.text } };
    const right = await this.#rightToChange(slackId, projectId);
    if (!right.allowed) return { kind: 'errors', errors: { amount: limitRefusalText(found.project.name) } };
    const { change } = result;
    if (change.hard.action !== 'keep') {
      return {
        kind: 'confirm',
        view: budgetConfirmModal({
          project: found.project,
          change,
          currentHardLimitCents: reading?.threshold_cents ?? null,
        }),
      };
    }
    const line = await this.#applySoft(slackId, change);
    return {
      kind: 'saved',
      view: budgetNoticeModal(`:white_check_mark: *${escapeMrkdwn(found.project.name)}*\n${line}`),
    };
  }

  /** The confirmation of a hard-limit change: its change parsed again and the clicker authorized again. */
  async confirm(slackId: string, privateMetadata: unknown): Promise<Confirmation> {
    const change = BudgetChange.safeParse(privateMetadata);
    if (!change.success) {
      return {
        kind: 'refused',
        view: budgetNoticeModal(
          'This confirmation could not be read. Open the budget again and save once more.',
        ),
      };
    }
    const found = await this.#resolve({ id: change.data.projectId });
    if ('text' in found) return { kind: 'refused', view: budgetNoticeModal(found.text) };
    const right = await this.#rightToChange(slackId, change.data.projectId);
    if (!right.allowed)
      return { kind: 'refused', view: budgetNoticeModal(limitRefusalText(found.project.name)) };
    return { kind: 'accepted', change: change.data };
  }

  /** Applies a confirmed change: the soft budget, then the hard limit through the Admin API. */
  async applyChange(slackId: string, change: BudgetChange): Promise<ModalView> {
    const { admin, db, clock, logger } = this.deps;
    const found = await this.#resolve({ id: change.projectId });
    const name = 'project' in found ? found.project.name : change.projectId;
    const lines = [`*${escapeMrkdwn(name)}*`, await this.#applySoft(slackId, change)];
    const before = await findHardLimitReading(db, change.projectId);
    try {
      if (change.hard.action === 'set') {
        const limit = await admin.setHardLimit(change.projectId, change.hard.cents);
        await this.#rememberHardLimit(change.projectId, limit, clock.now());
        await this.#audit(slackId, 'hard_limit.set', change.projectId, before, {
          threshold_cents: limit.thresholdCents,
          status: limit.status,
        });
        lines.push(
          `:white_check_mark: Hard limit set in OpenAI: ${formatUsd(limit.thresholdCents)} a month${
            limit.enforcing
              ? '. :no_entry: *It is already reached: OpenAI is blocking the project now.*'
              : '.'
          }`,
        );
      } else if (change.hard.action === 'remove') {
        await admin.removeHardLimit(change.projectId);
        await this.#rememberHardLimit(change.projectId, null, clock.now());
        await this.#audit(slackId, 'hard_limit.removed', change.projectId, before, null);
        lines.push(':white_check_mark: Hard limit removed in OpenAI.');
      }
    } catch (error) {
      logger.warn(`Changing the hard limit of ${change.projectId} failed: ${describeAdminFailure(error)}`);
      lines.push(`:x: The hard limit was *not* changed: ${describeAdminFailure(error)}`);
    }
    return budgetNoticeModal(lines.join('\n'));
  }

  async #applySoft(slackId: string, change: BudgetChange): Promise<string> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const before = await findBudget(db, change.projectId);
    const snapshot = (b: { amountCents: number; resetDay: number; thresholds: readonly number[] }) => ({
      amount_cents: b.amountCents,
      reset_day: b.resetDay,
      thresholds: b.thresholds,
    });
    if (change.soft.action === 'remove') {
      if (!before) return 'Soft budget: none (nothing to remove).';
      await deleteBudget(db, change.projectId);
      await dropPendingBudgetAlerts(db, change.projectId);
      await this.#audit(slackId, 'budget.removed', change.projectId, snapshot(before), null);
      return `:white_check_mark: ${softChangeText(change)}`;
    }
    const soft = { projectId: change.projectId, ...change.soft };
    await saveBudget(db, soft, slackId, now);
    await this.#rearmAlerts(soft, now);
    await this.#audit(
      slackId,
      'budget.set',
      change.projectId,
      before ? snapshot(before) : null,
      snapshot(soft),
    );
    return `:white_check_mark: ${softChangeText(change)}`;
  }

  /** After a budget change, alerts the new numbers no longer call for may fire again (from stored costs). */
  async #rearmAlerts(
    budget: { projectId: string; amountCents: number; resetDay: number; thresholds: number[] },
    now: Date,
  ) {
    const period = budgetPeriodAt(now, budget.resetDay);
    const costs = await storedCosts(this.deps.db, {
      fromDay: utcDay(period.start),
      toDay: utcDay(now),
      projectIds: [budget.projectId],
    });
    const outlook = spendOutlook({
      spentCents: spendOf(costs, period),
      budgetCents: budget.amountCents,
      period,
      now,
    });
    await forgetAlertsNotCalledFor(
      this.deps.db,
      budget.projectId,
      utcDay(period.start),
      alertsCalledFor({ projectId: budget.projectId, outlook, thresholds: budget.thresholds }),
    );
  }

  async #rightToChange(slackId: string, projectId: string) {
    const { admin, slack, logger, botAdmins } = this.deps;
    if (this.#isAdmin(slackId))
      return limitRightOf({
        clickerSlackId: slackId,
        clickerEmail: undefined,
        projectOwnerEmails: [],
        botAdmins,
      });
    const [email, users] = await Promise.all([
      slack.emailOf(slackId),
      admin.listProjectUsers(projectId).catch((error: unknown) => {
        // Archived project, or OpenAI down: only bot admins can change limits until it answers again.
        logger.warn(`Could not list the owners of ${projectId}: ${describeAdminFailure(error)}`);
        return [];
      }),
    ]);
    return limitRightOf({
      clickerSlackId: slackId,
      clickerEmail: email,
      projectOwnerEmails: users.filter((u) => u.role === 'owner' && u.email).map((u) => u.email as string),
      botAdmins,
    });
  }

  /**
   * The project a person typed (the project list may be read again), or the one an id names: from
   * the remembered list, else one read of that project. Used before a modal is acknowledged, so it
   * never lists every project.
   */
  async #resolve(
    ref: { id: string } | { typed: string },
  ): Promise<{ project: DirectoryProject } | { text: string }> {
    const { db, admin, clock, directory } = this.deps;
    if ('typed' in ref) {
      const match = await directory.find(ref.typed);
      return match.found
        ? { project: match.project }
        : { text: unknownProjectText(ref.typed, match.suggestions) };
    }
    const name = await knownProjectName(db, ref.id);
    if (name !== undefined) return { project: { id: ref.id, name, archived: false } };
    const project = await admin.getProject(ref.id);
    if (!project) return { text: `OpenAI has no project ${ref.id}.` };
    const found = { id: project.id, name: project.name || project.id, archived: project.archived_at != null };
    await rememberProjects(db, [found], clock.now());
    return { project: found };
  }

  async #rememberHardLimit(projectId: string, limit: HardLimit | null, now: Date): Promise<void> {
    await noteHardLimit(this.deps.db, projectId, limit, now);
  }

  async #audit(slackId: string, action: string, projectId: string, before: unknown, after: unknown) {
    await recordAudit(this.deps.db, {
      at: this.deps.clock.now(),
      actor: slackId,
      action,
      subjectType: 'project',
      subjectId: projectId,
      // No state before (a first budget) or after (a removal) is recorded as absent, not as "null".
      before: before ?? undefined,
      after: after ?? undefined,
    });
  }

  // ---- export ----

  /** `/access budget export`: stored daily costs as CSV, uploaded to the admin's DM. Returns what to say. */
  async exportCosts(slackId: string, request: ExportRequest): Promise<string> {
    const { db, slack, clock, directory, botAdmins } = this.deps;
    if (!this.#isAdmin(slackId)) {
      return `Only bot admins can export costs: ${botAdmins.map(mention).join(', ') || 'none are configured (ACCESS_ADMINS)'}.`;
    }
    const range = exportRange(request, utcDay(clock.now()));
    if (!range.ok) return range.error;
    const projectIds: string[] = [];
    for (const typed of request.projects) {
      const match = await directory.find(typed);
      if (!match.found) return unknownProjectText(typed, match.suggestions);
      projectIds.push(match.project.id);
    }
    // Names in the file come from the project cache: list again if it is stale.
    await directory.projects();
    const result = await exportStoredCosts(db, range.range, projectIds.length > 0 ? projectIds : undefined);
    if (!result.history) {
      return 'The bot has not stored any costs yet: its budget sweep stores them every BUDGET_SWEEP_SECONDS. Try again after it ran.';
    }
    const { fromDay, toDay } = range.range;
    const filename = `openai-costs-${fromDay}-to-${toDay}.csv`;
    const gap =
      fromDay < result.history.firstDay
        ? ` :warning: The stored history starts on ${result.history.firstDay}; earlier days are not in it.`
        : '';
    await slack.uploadToDm(slackId, {
      filename,
      title: `OpenAI costs ${fromDay} to ${toDay}`,
      content: result.csv,
      comment: `Costs per project and UTC day, ${fromDay} to ${toDay}: ${result.projects} project${
        result.projects === 1 ? '' : 's'
      }, ${formatUsd(result.totalCents)} in all. From the bot's stored history, last refreshed ${slackDate(
        result.history.fetchedAt,
      )}.${gap}`,
    });
    return `Sent ${filename} (${result.rows} row${result.rows === 1 ? '' : 's'}) to your DM with the bot.`;
  }
}

/** A budgeted project's own period; the calendar month for a project without a budget. */
function periodFor(budget: SoftBudget | undefined, now: Date): BudgetPeriod {
  return budget ? budgetPeriodAt(now, budget.resetDay) : calendarMonthAt(now);
}

/** The first day any of these projects' periods (or the calendar month) starts: one query covers them all. */
export function earliestStart(now: Date, budgets: Iterable<SoftBudget>): Date {
  let start = calendarMonthAt(now).start;
  for (const budget of budgets) start = earlier(start, budgetPeriodAt(now, budget.resetDay).start);
  return start;
}

function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}

/** Projects the costs or budgets name that the project list does not (yet) have, shown by id. */
function withStrangers(known: DirectoryProject[], ids: Iterable<string>): DirectoryProject[] {
  const seen = new Set(known.map((p) => p.id));
  const strangers = [...new Set(ids)]
    .filter((id) => !seen.has(id))
    .map((id) => ({ id, name: id, archived: false }));
  return [...known, ...strangers];
}
