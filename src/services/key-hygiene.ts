import { lastRunOf, recordRun } from '../db/job-runs.js';
import {
  allStoredFindings,
  openFindingCount,
  type ProjectOutcome,
  type StoredFinding,
  saveRunFindings,
} from '../db/key-findings.js';
import { listTiers } from '../db/project-settings.js';
import { type KeyFinding, keyFindings, newFindings, type ProjectTier } from '../domain/key-findings.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import type { Project } from '../openai/admin-types.js';
import type { CoreDeps } from './core-deps.js';
import { keyFactsOf } from './key-facts.js';
import type { KeyNotice } from './key-notices.js';
import { ProjectOwners } from './project-owners.js';

export interface KeyHygieneSettings {
  unusedDays: number;
  maxAgeDays: number;
  /** A scheduled run reports only when the last report is this many days old. */
  intervalDays: number;
}

export interface KeyRunReport {
  ran: boolean;
  /** False: a scheduled run found the last report recent enough and did nothing. */
  due: boolean;
  projects: number;
  keys: number;
  /** Admin API calls: pages of key lists, of the org user list, and of project members (owners to tell). */
  keyPages: number;
  userPages: number;
  memberLists: number;
  findings: number;
  newFindings: number;
  stillOpen: number;
  ownerMessages: number;
  failures: { subject: string; error: string }[];
}

/** Projects whose keys are listed at once; each is one call (a page of 100 holds a project's keys). */
const PROJECTS_AT_ONCE = 8;
const SCHEDULE = 'key-report';

/**
 * The key-hygiene run: every active project's keys (one paged list each, whoever owns them),
 * judged by the rules in domain/key-findings.ts against one paged list of the org's users (a
 * key whose user is not in it belongs to someone who left; `owner_project_access` says whether
 * an owner still in the org lost the project). What is new or changed since the last report goes
 * to the project's owners, one DM per owner and project; the admins get one summary. Members are
 * listed only for projects with news, to know whom to tell.
 */
export class KeyHygiene {
  constructor(
    private readonly deps: CoreDeps & { settings: KeyHygieneSettings; botAdmins: readonly string[] },
  ) {}

  /** A scheduled run: nothing unless the last report is KEY_REPORT_INTERVAL_DAYS old. */
  async runIfDue(): Promise<KeyRunReport> {
    const { db, clock, settings } = this.deps;
    const last = await lastRunOf(db, SCHEDULE);
    const dueAt = last ? last.getTime() + settings.intervalDays * 86_400_000 : 0;
    if (clock.now().getTime() < dueAt) return { ...emptyReport(), due: false };
    return this.run();
  }

  async run(): Promise<KeyRunReport> {
    const { db, admin, clock, notifier } = this.deps;
    const report = emptyReport();
    const now = clock.now();
    // Every active project, OpenAI's Default project too: keys live there as much as anywhere.
    const projects = (await admin.listProjects()).filter(
      (p) => p.status !== 'archived' && p.archived_at == null,
    );
    const { users, pages } = await admin.listOrgUsers();
    report.userPages = pages;
    const orgUserIds = new Set(users.map((u) => u.id));
    const tiers = await listTiers(db);
    const stored = await allStoredFindings(db);
    const owners = new ProjectOwners(this.deps);
    const summary: {
      name: string;
      tier: ProjectTier | undefined;
      newFindings: number;
      reachedOwners: number;
    }[] = [];
    const outcomes: ProjectOutcome[] = [];
    const queue = [...projects];
    const worker = async () => {
      for (let project = queue.shift(); project; project = queue.shift()) {
        try {
          const outcome = await this.#checkProject(project, {
            orgUserIds,
            tiers,
            stored,
            owners,
            now,
            report,
          });
          outcomes.push(outcome);
          if (outcome.line) summary.push(outcome.line);
        } catch (error) {
          report.failures.push({ subject: project.name || project.id, error: describeAdminFailure(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: PROJECTS_AT_ONCE }, worker));
    // One transaction for the run's changes: a commit per project would cost a disk sync each.
    await saveRunFindings(
      db,
      outcomes.filter((o) => o.forget.length > 0 || o.told.length > 0),
      now,
    );
    report.projects = projects.length;
    report.memberLists = owners.lists;
    report.stillOpen = (await openFindingCount(db)) - report.newFindings;
    summary.sort((a, b) => b.newFindings - a.newFindings || a.name.localeCompare(b.name));
    await notifier.toAdmins({
      kind: 'keys.summary',
      projectsChecked: projects.length,
      projects: summary,
      newFindings: report.newFindings,
      stillOpen: report.stillOpen,
      failures: report.failures,
    });
    await recordRun(db, SCHEDULE, now);
    return report;
  }

  async #checkProject(
    project: Project,
    run: {
      orgUserIds: ReadonlySet<string>;
      tiers: ReadonlyMap<string, ProjectTier>;
      stored: ReadonlyMap<string, StoredFinding[]>;
      owners: ProjectOwners;
      now: Date;
      report: KeyRunReport;
    },
  ) {
    const { admin, notifier, settings, logger } = this.deps;
    const { report, now } = run;
    const { keys, pages } = await admin.listProjectApiKeys(project.id);
    report.keyPages += pages;
    report.keys += keys.length;
    const tier = run.tiers.get(project.id);
    const findings = keyFindings(keys.map(keyFactsOf), {
      now,
      unusedDays: settings.unusedDays,
      maxAgeDays: settings.maxAgeDays,
      tier,
      orgUserIds: run.orgUserIds,
    });
    report.findings += findings.length;
    const before = run.stored.get(project.id) ?? [];
    const current = new Set(findings.map((f) => f.key.id));
    const forget = before.map((f) => f.finding.key.id).filter((id) => !current.has(id));
    const reported = new Map(
      before.filter((s) => s.status === 'open').map((s) => [s.finding.key.id, s.fingerprint]),
    );
    const news = newFindings(findings, reported);
    const outcome: ProjectOutcome = { projectId: project.id, forget, told: [], sent: [] };
    if (news.length === 0) return outcome;
    const name = project.name || project.id;
    const notice: KeyNotice = {
      kind: 'keys.report',
      project: { id: project.id, name, tier },
      findings: news.map((finding: KeyFinding) => ({ finding, deletedBy: null })),
      stillOpen: findings.length - news.length,
      unusedDays: settings.unusedDays,
      maxAgeDays: settings.maxAgeDays,
    };
    const recipients = await run.owners.inSlack(project.id);
    for (const slackId of recipients) {
      try {
        outcome.sent.push(await notifier.toPerson(slackId, notice));
      } catch (error) {
        logger.warn(`Could not send ${name}'s key report to ${slackId}: ${String(error)}`);
      }
    }
    if (outcome.sent.length === 0) {
      // No owner in Slack (or none reachable): the admins get the project's report instead.
      const posted = await notifier.toAdmins(notice);
      if (posted) outcome.sent.push(posted);
    }
    report.ownerMessages += outcome.sent.length;
    report.newFindings += news.length;
    outcome.told = news;
    outcome.line = { name, tier, newFindings: news.length, reachedOwners: recipients.length };
    return outcome;
  }
}

function emptyReport(): KeyRunReport {
  return {
    ran: true,
    due: true,
    projects: 0,
    keys: 0,
    keyPages: 0,
    userPages: 0,
    memberLists: 0,
    findings: 0,
    newFindings: 0,
    stillOpen: 0,
    ownerMessages: 0,
    failures: [],
  };
}
