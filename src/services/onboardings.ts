import { recordAudit } from '../db/audit-events.js';
import {
  findOnboarding,
  findRunningOnboarding,
  insertOnboarding,
  moveStep,
  type NewStep,
  openOnboardingsOf,
  replanFailedSteps,
  runningOnboardings,
  stepOfRequest,
  stepsOf,
} from '../db/onboardings.js';
import type { AccessRequest, Onboarding } from '../db/schema.js';
import { isLivePending } from '../domain/invite-rules.js';
import { type Candidate, onboardingKey, type Skipped } from '../domain/onboard-people.js';
import { pathOf } from '../domain/onboard-plan.js';
import type { ProjectRole } from '../domain/request-status.js';
import type { Project, ProjectUser } from '../openai/admin-types.js';
import { type ClickAnswer, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import type { OnboardingCard } from './home.js';
import type { OnboardCards } from './onboard-cards.js';
import { type OnboardRunner, tellPerson } from './onboard-runner.js';

export interface OnboardInput {
  projectId: string;
  role: ProjectRole;
  /** Merged already: one per email. */
  people: readonly Candidate[];
  /** Named in the form but not onboardable (bots, deactivated users): shown on the card. */
  skipped: readonly Skipped[];
  /** Where the command was run: the card goes there. */
  originChannel: string | null;
}

export type OnboardOutcome =
  | { ok: true; onboarding: Onboarding }
  | { ok: false; why: 'not_allowed'; projectName: string }
  | { ok: false; why: 'no_project'; projectId: string }
  | { ok: false; why: 'nobody' }
  | { ok: false; why: 'already_running'; onboarding: Onboarding | undefined };

/**
 * `/access onboard`: a group into one project with one role. Authorized from current data at
 * submission (bot admins, and the project's owners by their email in Slack), planned from one
 * listing of org users (filtered by the group's emails, 50 a call), one of the project's users
 * and one of invites, written to the store whole, then worked through by the runner.
 */
export class OnboardingService {
  constructor(
    private readonly deps: CoreDeps & {
      botAdmins: readonly string[];
      runner: OnboardRunner;
      cards: OnboardCards;
    },
  ) {}

  /** Whether `slackId` may onboard into the project now; with the project's users, read once. */
  private async authorize(slackId: string, projectId: string) {
    const { admin, people, botAdmins } = this.deps;
    const project: Project | undefined = await admin.getProject(projectId);
    if (!project || project.status === 'archived') return { ok: false as const, project };
    const users: ProjectUser[] = await admin.listProjectUsers(projectId);
    if (botAdmins.includes(slackId)) return { ok: true as const, project, users };
    const email = (await people.emailOf(slackId))?.toLowerCase();
    const owner = Boolean(email) && users.some((u) => u.role === 'owner' && u.email?.toLowerCase() === email);
    return owner ? { ok: true as const, project, users } : { ok: false as const, project };
  }

  async start(actor: string, input: OnboardInput): Promise<OnboardOutcome> {
    const { db, admin, clock } = this.deps;
    const allowed = await this.authorize(actor, input.projectId);
    if (!allowed.project || allowed.project.status === 'archived')
      return { ok: false, why: 'no_project', projectId: input.projectId };
    if (!allowed.ok) return { ok: false, why: 'not_allowed', projectName: allowed.project.name };
    if (input.people.length === 0) return { ok: false, why: 'nobody' };
    const key = onboardingKey(
      input.projectId,
      input.role,
      input.people.map((p) => p.email),
    );
    const running = await findRunningOnboarding(db, key);
    if (running) return { ok: false, why: 'already_running', onboarding: running };

    const emails = input.people.map((p) => p.email);
    const [members, invites] = await Promise.all([admin.findUsersByEmails(emails), admin.listInvites()]);
    const now = clock.now();
    const pending = new Map(
      invites.filter((i) => isLivePending(i, now)).map((i) => [i.email.toLowerCase(), i]),
    );
    const roles = new Map(allowed.users.map((u) => [u.id, u.role]));
    const steps: NewStep[] = input.people.map((p) => {
      const orgUserId = members.get(p.email)?.id;
      const planned = pathOf(input.role, {
        orgUserId,
        projectRole: orgUserId ? roles.get(orgUserId) : undefined,
        pendingInviteId: pending.get(p.email)?.id,
      });
      return {
        email: p.email,
        slack_id: p.slackId,
        path: planned.path,
        state: 'planned',
        org_user_id: planned.orgUserId,
        invite_id: planned.inviteId,
        error: null,
      };
    });
    for (const s of input.skipped) {
      steps.push({
        email: s.who,
        slack_id: s.who.startsWith('U') || s.who.startsWith('W') ? s.who : null,
        path: 'skip',
        state: 'skipped',
        org_user_id: null,
        invite_id: null,
        error: s.reason,
      });
    }
    const onboarding = await insertOnboarding(
      db,
      {
        project_id: allowed.project.id,
        project_name: allowed.project.name,
        role: input.role,
        actor_slack_id: actor,
        people_key: key,
        origin_channel: input.originChannel,
        created_at: now.toISOString(),
      },
      steps,
    );
    if (!onboarding)
      return { ok: false, why: 'already_running', onboarding: await findRunningOnboarding(db, key) };
    await this.deps.cards.post(onboarding);
    await this.deps.runner.run(onboarding.id, { invites });
    return { ok: true, onboarding };
  }

  /** Retry on the card: the failed steps are planned again and run, after checking the clicker again. */
  async retry(onboardingId: string, clicker: string): Promise<ClickAnswer> {
    const checked = await this.clickable(onboardingId, clicker);
    if (!checked.ok) return checked;
    const count = await replanFailedSteps(this.deps.db, onboardingId, this.deps.clock.now(), clicker);
    if (count === 0) return refuse({ kind: 'onboard_nothing_to_do', action: 'retry' });
    await this.deps.runner.run(onboardingId);
    return { ok: true };
  }

  /** Nudge the waiting: a DM to each waiting person in Slack; the admins get those who are not. */
  async nudge(onboardingId: string, clicker: string): Promise<ClickAnswer> {
    const checked = await this.clickable(onboardingId, clicker);
    if (!checked.ok) return checked;
    const { onboarding } = checked;
    const waiting = (await stepsOf(this.deps.db, onboardingId)).filter((s) => s.state === 'waiting');
    if (waiting.length === 0) return refuse({ kind: 'onboard_nothing_to_do', action: 'nudge' });
    const unreached: string[] = [];
    for (const step of waiting) {
      const told = await tellPerson(this.deps, step, {
        kind: 'onboarding.nudge',
        projectName: onboarding.project_name,
        email: step.email,
        by: clicker,
      });
      if (!told) unreached.push(step.email);
    }
    if (unreached.length > 0) {
      await this.deps.notifier
        .toAdmins({
          kind: 'onboarding.not_in_slack',
          projectName: onboarding.project_name,
          emails: unreached,
          by: clicker,
        })
        .catch((error: unknown) => this.deps.logger.warn(`Could not tell the admins: ${String(error)}`));
    }
    await recordAudit(this.deps.db, {
      at: this.deps.clock.now(),
      actor: clicker,
      action: 'onboarding.nudged',
      subjectType: 'onboarding',
      subjectId: onboardingId,
      details: { waiting: waiting.length, not_in_slack: unreached.length },
    });
    this.deps.cards.nudged(onboardingId, this.deps.clock.now());
    await this.deps.cards.refresh(onboardingId);
    return { ok: true };
  }

  private async clickable(onboardingId: string, clicker: string) {
    const onboarding = await findOnboarding(this.deps.db, onboardingId);
    if (!onboarding) return refuse({ kind: 'no_such_onboarding', onboardingId });
    const allowed = await this.authorize(clicker, onboarding.project_id);
    if (!allowed.ok) return refuse({ kind: 'onboard_not_allowed', projectName: onboarding.project_name });
    return { ok: true as const, onboarding };
  }

  /**
   * Hook of every applied grant (RequestApplier.onApplied, which the invite sweep's
   * pre-assignments run too): a grant of an onboarding moves its step to "in", tells the person,
   * and counts towards the card's next (batched) refresh.
   */
  async grantApplied(request: AccessRequest): Promise<void> {
    if (!request.onboarding_id) return;
    const { db, clock } = this.deps;
    const step = await stepOfRequest(db, request.id);
    if (!step) return;
    if (!(await moveStep(db, step, ['waiting'], 'in', clock.now(), { done_at: clock.now().toISOString() })))
      return;
    const onboarding = await findOnboarding(db, request.onboarding_id);
    if (!onboarding) return;
    await tellPerson(this.deps, step, {
      kind: 'onboarding.in',
      projectName: onboarding.project_name,
      role: onboarding.role,
      by: onboarding.actor_slack_id,
    });
    await this.deps.cards.changed(onboarding.id);
  }

  /**
   * An onboarding's waiting grant was closed by something else (its project was archived): the
   * person will not get in, so the step fails with why, and the card stops counting them as waiting.
   */
  async grantClosed(request: AccessRequest, reason: string): Promise<void> {
    if (!request.onboarding_id) return;
    const { db, clock } = this.deps;
    const step = await stepOfRequest(db, request.id);
    if (!step) return;
    if (
      !(await moveStep(db, step, ['waiting', 'planned', 'sending'], 'failed', clock.now(), { error: reason }))
    )
      return;
    // Rare and final: shown at once rather than batched with the next sweep's changes.
    await this.deps.cards.refresh(request.onboarding_id);
  }

  /** The cards of the onboardings `slackId` started that are not complete yet (their App Home). */
  async cardsOf(slackId: string): Promise<OnboardingCard[]> {
    const cards: OnboardingCard[] = [];
    for (const onboarding of await openOnboardingsOf(this.deps.db, slackId)) {
      const notice = await this.deps.cards.noticeOf(onboarding);
      if (notice.kind === 'onboarding.card') cards.push(notice);
    }
    return cards;
  }

  /** Renders the card changes the batching held back (the invite sweep calls it when it ends). */
  flushCards(): Promise<void> {
    return this.deps.cards.flush();
  }

  /** The sweep: resumes onboardings a crash or restart left running, and renders pending card changes. */
  async sweep(): Promise<{ resumed: number; steps: number }> {
    const result = { resumed: 0, steps: 0 };
    for (const onboarding of await runningOnboardings(this.deps.db)) {
      const report = await this.deps.runner.run(onboarding.id);
      if (report) {
        result.resumed += 1;
        result.steps += report.steps;
      }
    }
    await this.deps.cards.flush();
    return result;
  }
}
