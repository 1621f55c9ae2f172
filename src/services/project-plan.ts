import { crashPoint } from '../crash-points.js';
import { decideRequest, findOpenRequestFor, insertPendingRequest } from '../db/access-requests.js';
import {
  claimPlan,
  finishProjectRequest,
  markStepStarted,
  planStepsOf,
  recordStep,
  releasePlan,
} from '../db/project-plans.js';
import { findProjectRequest } from '../db/project-requests.js';
import { setTier } from '../db/project-settings.js';
import type { AccessRequest, ProjectPlanStepRow, ProjectRequest } from '../db/schema.js';
import { DEFAULT_THRESHOLDS } from '../domain/budget-alerts.js';
import { DEFAULT_RESET_DAY } from '../domain/budget-period.js';
import { hasHardLimit, PlanStep, ProjectTier } from '../domain/new-project.js';
import { AdminApiError, describeAdminFailure } from '../openai/admin-errors.js';
import { ArchiveSteps } from './archive-steps.js';
import type { CoreDeps } from './core-deps.js';
import { applyHardLimit } from './hard-limit-change.js';
import { ProjectRequestCopies } from './project-request-copies.js';
import type { RequestApplier } from './request-applier.js';
import type { RequestMessages } from './request-messages.js';
import { applySoftBudget } from './soft-budget-change.js';

/** How long one runner holds a plan; a crashed runner's plan is resumed by the sweep after it. */
export const PLAN_LEASE_MS = 2 * 60_000;

type StepResult =
  | { status: 'done' | 'skipped'; detail: unknown; projectId?: string }
  | { status: 'failed'; error: string; detail?: unknown };

export const ownersOf = (request: ProjectRequest): string[] => JSON.parse(request.owners) as string[];
export const modelsOf = (request: ProjectRequest): string[] | null =>
  request.models ? (JSON.parse(request.models) as string[]) : null;

/**
 * Runs the recorded plan of an approved new project, one step at a time, each recorded with its
 * outcome before the next starts: a crash resumes at the first step not done (the sweep calls
 * `run` again), a failed step stops the plan with Retry on the admins' card, and what was done
 * stays done. Only the project create is not safe to repeat, so it looks by name first.
 */
export class ProjectPlanRunner {
  readonly #copies: ProjectRequestCopies;
  readonly #archive: ArchiveSteps;

  constructor(
    private readonly deps: CoreDeps & {
      applier: RequestApplier;
      messages: RequestMessages;
      grantClosed?: (grant: AccessRequest, reason: string) => Promise<void>;
    },
  ) {
    this.#copies = new ProjectRequestCopies(deps);
    this.#archive = new ArchiveSteps(deps);
  }

  async run(requestId: string): Promise<'finished' | 'failed' | 'busy'> {
    const { db, clock } = this.deps;
    const now = clock.now();
    if (!(await claimPlan(db, requestId, now, new Date(now.getTime() + PLAN_LEASE_MS)))) return 'busy';
    try {
      for (;;) {
        const request = await findProjectRequest(db, requestId);
        if (request?.status !== 'approved') return 'busy';
        const steps = await planStepsOf(db, requestId);
        const next = steps.find((step) => step.status === 'pending');
        if (!next) {
          await finishProjectRequest(db, requestId, 'done', clock.now());
          await this.#copies.refresh(requestId);
          return 'finished';
        }
        const result = await this.execute(request, next).catch(
          (error: unknown): StepResult => ({ status: 'failed', error: describeAdminFailure(error) }),
        );
        await recordStep(db, {
          requestId,
          step: next.step,
          status: result.status,
          detail: result.detail,
          error: result.status === 'failed' ? result.error : null,
          actor: 'system',
          at: clock.now(),
          ...(result.status !== 'failed' && result.projectId
            ? { set: { project_id: result.projectId } }
            : {}),
        });
        if (result.status === 'failed') {
          await finishProjectRequest(db, requestId, 'failed', clock.now());
          await this.#copies.refresh(requestId);
          return 'failed';
        }
        await this.#copies.refresh(requestId);
      }
    } finally {
      await releasePlan(db, requestId);
    }
  }

  private execute(request: ProjectRequest, step: ProjectPlanStepRow): Promise<StepResult> {
    const name = PlanStep.parse(step.step);
    if (name === 'create_project') return this.createProject(request, step);
    const projectId = request.project_id;
    if (!projectId) return Promise.resolve({ status: 'failed', error: 'The project was not created yet.' });
    switch (name) {
      case 'add_owners':
        return this.addOwners(request, projectId);
      case 'soft_budget':
        return this.softBudget(request, projectId);
      case 'hard_limit':
        return this.hardLimit(request, projectId);
      case 'model_permissions':
        return this.modelPermissions(request, projectId);
      case 'final_cost_report':
        return this.#archive.finalCostReport(request, projectId);
      case 'expire_requests':
        return this.#archive.expireRequests(request, projectId);
      case 'archive_project':
        return this.#archive.archive(projectId);
      case 'stop_budgets':
        return this.#archive.stopBudgets(projectId);
      case 'summary':
        // At least once: a crash right after posting posts it again rather than never.
        return this.#copies.summarize(request.id).then(() => ({ status: 'done' as const, detail: null }));
    }
  }

  private async findByName(name: string) {
    const projects = await this.deps.admin.listProjects();
    return projects.find((p) => p.name.trim().toLowerCase() === name.toLowerCase());
  }

  /** Look first, then create once; after an answer that never came, look again before anything else. */
  private async createProject(request: ProjectRequest, step: ProjectPlanStepRow): Promise<StepResult> {
    const { admin, db, clock } = this.deps;
    const existing = await this.findByName(request.project_name);
    if (existing && step.started_at)
      return { status: 'done', detail: { project_id: existing.id, found: true }, projectId: existing.id };
    if (existing) {
      return {
        status: 'failed',
        error: `OpenAI already has a project named “${request.project_name}” that this request did not create; archive or rename it, then Retry.`,
      };
    }
    await markStepStarted(db, request.id, step.step, clock.now());
    try {
      const project = await admin.createProject(request.project_name);
      crashPoint('after-project-create');
      return { status: 'done', detail: { project_id: project.id }, projectId: project.id };
    } catch (error) {
      // A timeout or 5xx may come after OpenAI created it: the name says whether it did.
      if (!(error instanceof AdminApiError) || !error.isTransient) throw error;
      const created = await this.findByName(request.project_name).catch(() => undefined);
      if (created)
        return { status: 'done', detail: { project_id: created.id, found: true }, projectId: created.id };
      throw error;
    }
  }

  /**
   * Each owner becomes an approved grant of the owner role, applied like any approval: added
   * now when in the org, else pre-assigned with an org invite carrying the project.
   */
  private async addOwners(request: ProjectRequest, projectId: string): Promise<StepResult> {
    const { db, people, clock, applier } = this.deps;
    const added: string[] = [];
    const invited: string[] = [];
    const problems: string[] = [];
    for (const slackId of ownersOf(request)) {
      const email = await people.emailOf(slackId);
      if (!email) {
        problems.push(`<@${slackId}> has no email in Slack (a bot, or a deactivated account)`);
        continue;
      }
      let grant =
        (await findOpenRequestFor(db, slackId, projectId)) ??
        (await insertPendingRequest(
          db,
          {
            requester_slack_id: slackId,
            requester_email: email,
            project_id: projectId,
            project_name: request.project_name,
            role: 'owner',
            justification: `Owner of the new project ${request.project_name} (request ${request.id})`,
            access_ends_on: null,
          },
          clock.now(),
        ));
      if (grant?.status === 'pending') {
        grant = await decideRequest(db, {
          requestId: grant.id,
          outcome: 'approved',
          decidedBy: request.decided_by ?? 'system',
          decidedAs: 'admin',
          reason: `New project ${request.project_name}`,
          at: clock.now(),
        });
      }
      if (grant?.status === 'approved') await applier.apply(grant);
      const after = grant && (await findOpenRequestFor(db, slackId, projectId));
      if (after?.status === 'awaiting_invite') invited.push(slackId);
      else if (after?.status === 'approved')
        problems.push(`<@${slackId}>: ${after.last_error ?? 'not added yet'}`);
      else added.push(slackId);
    }
    const detail = { added, invited, problems };
    if (problems.length > 0) return { status: 'failed', error: problems.join('; '), detail };
    return { status: 'done', detail };
  }

  private async softBudget(request: ProjectRequest, projectId: string): Promise<StepResult> {
    // The tier the admin approved is the one the key report and budget views show.
    const tier = ProjectTier.parse(request.tier);
    await setTier(this.deps.db, {
      projectId,
      tier,
      by: request.decided_by ?? 'system',
      at: this.deps.clock.now(),
    });
    const cents = request.budget_cents;
    if (!cents) return { status: 'done', detail: { tier, reason: 'no budget' } };
    await applySoftBudget(this.deps.db, {
      slackId: request.decided_by ?? 'system',
      change: {
        projectId,
        soft: {
          action: 'set',
          amountCents: cents,
          resetDay: DEFAULT_RESET_DAY,
          thresholds: [...DEFAULT_THRESHOLDS],
        },
        hard: { action: 'keep' },
      },
      now: this.deps.clock.now(),
    });
    return { status: 'done', detail: { tier, amount_cents: cents } };
  }

  private async hardLimit(request: ProjectRequest, projectId: string): Promise<StepResult> {
    const tier = ProjectTier.parse(request.tier);
    const cents = request.budget_cents;
    if (!hasHardLimit(tier) || !cents) return { status: 'skipped', detail: { reason: tier } };
    const result = await applyHardLimit(this.deps, request.decided_by ?? 'system', {
      projectId,
      soft: { action: 'remove' },
      hard: { action: 'set', cents },
    });
    if (result.kind === 'failed') return { status: 'failed', error: result.problem };
    return { status: 'done', detail: { threshold_cents: cents } };
  }

  private async modelPermissions(request: ProjectRequest, projectId: string): Promise<StepResult> {
    const models = modelsOf(request);
    if (!models) return { status: 'skipped', detail: { reason: 'every model' } };
    const set = await this.deps.admin.setModelAllowList(projectId, models);
    return { status: 'done', detail: { models: set } };
  }
}
