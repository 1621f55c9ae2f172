import { plansToResume, reopenFailedSteps } from '../db/project-plans.js';
import {
  decideProjectRequest,
  findProjectRequest,
  insertProjectRequest,
  openArchiveRequest,
  requestedProjectNames,
} from '../db/project-requests.js';
import type { ProjectRequest } from '../db/schema.js';
import { parseUsdAmount } from '../domain/money.js';
import {
  ARCHIVE_PLAN,
  type NewProjectField,
  type NewProjectInput,
  newProjectPlan,
  ProjectTier,
  validateNewProject,
} from '../domain/new-project.js';
import { isRequestable, type Project, type ProjectUser } from '../openai/admin-types.js';
import { type ClickAnswer, type Refusal, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import type { ProjectDirectory } from './project-directory.js';
import type { ProjectPlanRunner } from './project-plan.js';
import type { ProjectRequestCopies } from './project-request-copies.js';
import type { AccessPolicy } from './request-intake.js';

export type FormErrors<F extends string> = { ok: false; errors: Partial<Record<F, string>> };
export type NewProjectSubmit = { ok: true; request: ProjectRequest } | FormErrors<NewProjectField>;
export type DecisionStart = { ok: true; request: ProjectRequest } | { ok: false; refusal: Refusal };
export type DecisionField = 'tier' | 'budget' | 'reason';
export type DecisionResult = { ok: true } | { ok: false; refusal: Refusal } | FormErrors<DecisionField>;

/** What `/access archive <project>` shows before anyone confirms: who loses access. */
export type ArchiveStart =
  | { ok: true; project: Project; members: readonly ProjectUser[]; asAdmin: boolean }
  | { ok: false; refusal: Refusal };

/**
 * New projects and archives, asked for in Slack and decided by the bot admins: each decision is
 * re-authorized from current data and is one conditional change that also writes the plan the
 * approval runs (ProjectPlanRunner).
 */
export class ProjectRequests {
  constructor(
    private readonly deps: CoreDeps & {
      runner: ProjectPlanRunner;
      copies: ProjectRequestCopies;
      policy: AccessPolicy;
      directory: ProjectDirectory;
    },
  ) {}

  private isAdmin(slackId: string): boolean {
    return this.deps.policy.botAdmins.includes(slackId);
  }

  async submit(slackId: string, input: NewProjectInput): Promise<NewProjectSubmit> {
    const { db, admin, clock } = this.deps;
    const existing = (await admin.listProjects()).map((p) => p.name.trim().toLowerCase());
    const takenNames = new Set([...existing, ...(await requestedProjectNames(db))]);
    const valid = validateNewProject(input, { takenNames });
    if (!valid.ok) return valid;
    const { name, purpose, owners, tier, budgetCents, models } = valid.value;
    const request = await insertProjectRequest(
      db,
      {
        kind: 'new',
        requester_slack_id: slackId,
        project_name: name,
        project_id: null,
        purpose,
        tier,
        budget_cents: budgetCents,
        owners,
        models,
      },
      clock.now(),
    );
    return { ok: true, request };
  }

  /** After the submission was acknowledged: the admins' card and the requester's copy. */
  async announce(requestId: string): Promise<void> {
    await this.deps.copies.post(requestId);
  }

  /** Approve… or Deny clicked: the clicker must be a bot admin now, and the request still pending. */
  async startDecision(clickerSlackId: string, requestId: string): Promise<DecisionStart> {
    const request = await findProjectRequest(this.deps.db, requestId);
    if (!request) return refuse({ kind: 'no_such_request', requestId });
    const refusal = this.decisionRefusal(clickerSlackId, request);
    return refusal ? refuse(refusal) : { ok: true, request };
  }

  private decisionRefusal(clickerSlackId: string, request: ProjectRequest): Refusal | undefined {
    const { policy } = this.deps;
    if (!this.isAdmin(clickerSlackId)) {
      return { kind: 'admins_only', action: 'decide_project_request', botAdmins: policy.botAdmins };
    }
    if (request.requester_slack_id === clickerSlackId && !policy.allowSelfApproval) {
      return { kind: 'cannot_decide', reason: 'own_request', projectName: request.project_name };
    }
    if (request.status !== 'pending') {
      return request.decided_by &&
        (request.status === 'denied' ||
          request.status === 'approved' ||
          request.status === 'done' ||
          request.status === 'failed')
        ? {
            kind: 'already_decided',
            outcome: request.status === 'denied' ? 'denied' : 'approved',
            by: request.decided_by,
          }
        : { kind: 'not_pending', status: 'approved' };
    }
    return undefined;
  }

  /** The approval modal submitted: tier and budget as the admin left them; runs the plan. */
  async approve(
    clickerSlackId: string,
    requestId: string,
    form: { tier?: string | undefined; budget?: string | undefined },
  ): Promise<DecisionResult> {
    const { db, clock } = this.deps;
    const start = await this.startDecision(clickerSlackId, requestId);
    if (!start.ok) return start;
    const { request } = start;
    let steps: readonly { step: string; status: 'pending' | 'skipped' }[] = ARCHIVE_PLAN;
    let set: { tier?: string; budget_cents?: number } | undefined;
    if (request.kind === 'new') {
      const tier = ProjectTier.safeParse(form.tier ?? request.tier);
      const budget = form.budget === undefined ? undefined : parseUsdAmount(form.budget);
      const errors: Partial<Record<DecisionField, string>> = {};
      if (!tier.success) errors.tier = 'Choose a tier.';
      if (budget && !budget.ok) errors.budget = budget.error;
      if (!tier.success || (budget && !budget.ok)) return { ok: false, errors };
      set = { tier: tier.data, ...(budget?.ok ? { budget_cents: budget.cents } : {}) };
      steps = newProjectPlan({
        tier: tier.data,
        models: request.models ? (JSON.parse(request.models) as string[]) : null,
      });
    }
    const decided = await decideProjectRequest(db, {
      id: requestId,
      outcome: 'approved',
      by: clickerSlackId,
      reason: null,
      at: clock.now(),
      ...(set ? { set } : {}),
      steps,
    });
    if (!decided) {
      // Another admin was faster: say who decided.
      const again = await this.startDecision(clickerSlackId, requestId);
      return again.ok ? refuse({ kind: 'not_pending', status: 'approved' }) : again;
    }
    await this.deps.copies.refresh(requestId);
    return { ok: true };
  }

  /** Runs (or resumes) an approved plan; the listener calls it after acknowledging. */
  async run(requestId: string): Promise<void> {
    await this.deps.runner.run(requestId);
  }

  async deny(clickerSlackId: string, requestId: string, reason: string | undefined): Promise<DecisionResult> {
    const start = await this.startDecision(clickerSlackId, requestId);
    if (!start.ok) return start;
    const decided = await decideProjectRequest(this.deps.db, {
      id: requestId,
      outcome: 'denied',
      by: clickerSlackId,
      reason: reason?.trim() || null,
      at: this.deps.clock.now(),
    });
    if (!decided) return refuse({ kind: 'not_pending', status: 'approved' });
    await this.deps.copies.refresh(requestId);
    return { ok: true };
  }

  /** Retry on a failed plan: bot admins only; the failed step runs again, the done ones stay done. */
  async retry(clickerSlackId: string, requestId: string): Promise<ClickAnswer> {
    const { db, clock, policy } = this.deps;
    if (!this.isAdmin(clickerSlackId)) {
      return refuse({ kind: 'admins_only', action: 'retry_project_plan', botAdmins: policy.botAdmins });
    }
    const request = await findProjectRequest(db, requestId);
    if (!request) return refuse({ kind: 'no_such_request', requestId });
    if ((await reopenFailedSteps(db, requestId, clock.now())) === 0 && request.status !== 'approved') {
      return refuse({ kind: 'plan_not_failed', status: request.status });
    }
    await this.deps.copies.refresh(requestId);
    await this.run(requestId);
    return { ok: true };
  }

  /** Plans a crash or restart left behind; the sweep calls this. */
  async resumeInterrupted(): Promise<number> {
    let resumed = 0;
    for (const request of await plansToResume(this.deps.db, this.deps.clock.now())) {
      if ((await this.deps.runner.run(request.id)) !== 'busy') resumed += 1;
    }
    return resumed;
  }

  // ---- archive ----

  /** `/access archive <typed>`: the project by name (with suggestions when none matches), then `startArchive`. */
  async archiveForm(
    slackId: string,
    typed: string,
  ): Promise<ArchiveStart | { ok: false; unknown: string; suggestions: string[] }> {
    const match = await this.deps.directory.find(typed);
    if (!match.found) return { ok: false, unknown: typed, suggestions: match.suggestions.map((p) => p.name) };
    return this.startArchive(slackId, match.project.id);
  }

  /** `/access archive <project>`: owners of the project and bot admins see what archiving takes away. */
  async startArchive(slackId: string, projectId: string): Promise<ArchiveStart> {
    const { admin, people } = this.deps;
    const project = await admin.getProject(projectId);
    if (!project || !isRequestable(project))
      return refuse({
        kind: 'cannot_archive',
        reason: 'not_active',
        projectName: project?.name ?? projectId,
      });
    const members = await admin.listProjectUsers(projectId);
    if (this.isAdmin(slackId)) return { ok: true, project, members, asAdmin: true };
    const email = (await people.emailOf(slackId))?.toLowerCase();
    const owner = members.some((m) => m.role === 'owner' && m.email?.toLowerCase() === email);
    if (!email || !owner)
      return refuse({ kind: 'cannot_archive', reason: 'not_owner', projectName: project.name });
    return { ok: true, project, members, asAdmin: false };
  }

  /**
   * The confirmation submitted: a bot admin's archive runs at once; an owner's goes to the
   * admins as a request. Re-authorized here, from current data.
   */
  async confirmArchive(
    slackId: string,
    projectId: string,
    reason: string,
  ): Promise<
    | { ok: true; request: ProjectRequest; direct: boolean }
    | { ok: false; refusal: Refusal }
    | FormErrors<'reason'>
  > {
    const { db, clock } = this.deps;
    if (reason.trim().length < 3)
      return { ok: false, errors: { reason: 'Say in a few words why it is archived.' } };
    const start = await this.startArchive(slackId, projectId);
    if (!start.ok) return start;
    const open = await openArchiveRequest(db, projectId);
    if (open)
      return refuse({ kind: 'cannot_archive', reason: 'already_requested', projectName: start.project.name });
    const request = await insertProjectRequest(
      db,
      {
        kind: 'archive',
        requester_slack_id: slackId,
        project_name: start.project.name,
        project_id: projectId,
        purpose: reason.trim(),
        tier: null,
        budget_cents: null,
        owners: [],
        models: null,
      },
      clock.now(),
    );
    if (!start.asAdmin) return { ok: true, request, direct: false };
    await decideProjectRequest(db, {
      id: request.id,
      outcome: 'approved',
      by: slackId,
      reason: null,
      at: clock.now(),
      steps: ARCHIVE_PLAN,
    });
    return { ok: true, request, direct: true };
  }
}
