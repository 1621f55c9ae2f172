import { randomUUID } from 'node:crypto';
import { addSeconds } from 'date-fns/addSeconds';
import { crashPoint } from '../crash-points.js';
import { acquireLease, releaseLease } from '../db/leases.js';
import { recordStepGrant } from '../db/onboarding-grants.js';
import { findOnboarding, isUniqueViolation, moveStep, stepsOf } from '../db/onboardings.js';
import type { Onboarding, OnboardingStep } from '../db/schema.js';
import { isLivePending } from '../domain/invite-rules.js';
import { AdminApiError, retryAfterMsOf } from '../openai/admin-errors.js';
import type { Invite } from '../openai/admin-types.js';
import type { CoreDeps } from './core-deps.js';
import type { OnboardCards } from './onboard-cards.js';
import { remember } from './remember-people.js';
import { membershipBeforeOf } from './request-applier.js';

export interface OnboardRunnerDeps extends CoreDeps {
  cards: OnboardCards;
  botAdmins: readonly string[];
  /** ONBOARD_INVITES_PER_SECOND: invite creates are spaced at least 1/this apart. */
  invitesPerSecond: number;
  /** Waits; production sleeps, tests move their clock instead. */
  wait: (ms: number) => Promise<void>;
}

/** What one run did (for the sweep's report and the benchmark). */
export interface OnboardRunReport {
  steps: number;
  invitesCreated: number;
  rateLimited: number;
  failed: number;
}

/** What one run works with: its listing of pending invites, and when it last met a 429. */
interface RunState {
  onboarding: Onboarding;
  report: OnboardRunReport;
  inviteSteps: number;
  pending: Map<string, Invite>;
  lastRateLimitAt?: number;
}

/** A run holds its onboarding's lease this long, renewed as it goes; a dead replica's lapses soon. */
const LEASE_SECONDS = 120;
/** 429s answered in a row for one invite before the step is recorded as failed (Retry resumes it). */
const MAX_RATE_LIMITED = 20;
/** Steps worked on at once (invite creates among them are still paced). */
const IN_FLIGHT = 4;
/** When a 429 carries no Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1000;
/** 429s closer together than this are one burst, which lists the invites again only once. */
const RATE_LIMIT_BURST_GAP_MS = 10_000;

/**
 * Works through an onboarding's stored plan, one step at a time, recording each step as it is
 * done (a finished step is never done again, a restart resumes at the first unfinished one).
 * Invite creates are never retried blindly: every run starts from one fresh listing of invites,
 * a create whose outcome is unknown (timeout, 5xx, crash) is followed by listing again, and an
 * invite found pending for the email is used instead of creating one. Creates are paced at
 * ONBOARD_INVITES_PER_SECOND. A 429 is answered before anything is done (the create certainly
 * did not happen), so it waits Retry-After and tries again; only the first 429 of a burst lists
 * the invites again (to see invites made meanwhile elsewhere), not every one of them.
 */
export class OnboardRunner {
  readonly #owner = `onboarder-${randomUUID()}`;
  readonly #running = new Set<string>();
  #nextCreateAt = 0;

  constructor(private readonly deps: OnboardRunnerDeps) {}

  /** Undefined when another run (here or on another replica) holds this onboarding. */
  async run(
    onboardingId: string,
    known?: { invites: readonly Invite[] },
  ): Promise<OnboardRunReport | undefined> {
    const { db, clock } = this.deps;
    if (this.#running.has(onboardingId)) return undefined;
    const lease = `onboarding:${onboardingId}`;
    const hold = () =>
      acquireLease(db, lease, this.#owner, clock.now(), addSeconds(clock.now(), LEASE_SECONDS));
    if (!(await hold())) return undefined;
    this.#running.add(onboardingId);
    try {
      return await this.#run(onboardingId, known?.invites, hold);
    } finally {
      this.#running.delete(onboardingId);
      await releaseLease(db, lease, this.#owner);
    }
  }

  async #run(
    onboardingId: string,
    knownInvites: readonly Invite[] | undefined,
    hold: () => Promise<boolean>,
  ): Promise<OnboardRunReport> {
    const { db, cards } = this.deps;
    const report: OnboardRunReport = { steps: 0, invitesCreated: 0, rateLimited: 0, failed: 0 };
    const onboarding = await findOnboarding(db, onboardingId);
    if (onboarding?.status !== 'running') return report;
    const all = await stepsOf(db, onboardingId);
    const todo = all.filter((s) => s.state === 'planned' || s.state === 'sending');
    const inviteSteps = all.filter((s) => s.path === 'invite').length;
    const run: RunState = {
      onboarding,
      report,
      inviteSteps,
      // One listing per run (the plan's own on the first): a step never looks up one person.
      pending:
        todo.some((s) => s.path === 'invite' || s.path === 'pre_assign') || knownInvites
          ? this.#pendingByEmail(knownInvites ?? (await this.deps.admin.listInvites()))
          : new Map<string, Invite>(),
    };
    // A few steps in flight at once: each waits on OpenAI and a database commit, so one at a time
    // would take ~50 ms a person; the pacer still spaces the invite creates of all of them.
    let next = 0;
    let done = 0;
    let holding = true;
    const worker = async () => {
      for (let step = todo[next++]; step && holding; step = todo[next++]) {
        try {
          await this.#step(run, step);
        } catch (error) {
          const message = error instanceof AdminApiError ? error.message : String(error);
          this.deps.logger.warn(`Onboarding ${onboardingId}: ${step.email} failed: ${message}`);
          await moveStep(db, step, ['planned', 'sending'], 'failed', this.deps.clock.now(), {
            error: message,
          });
          report.failed += 1;
        }
        report.steps += 1;
        done += 1;
        if (done % 20 === 0 && !(await hold())) holding = false;
        await cards.changed(onboardingId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, todo.length) }, worker));
    await cards.refresh(onboardingId);
    return report;
  }

  #pendingByEmail(invites: readonly Invite[]): Map<string, Invite> {
    const now = this.deps.clock.now();
    return new Map(invites.filter((i) => isLivePending(i, now)).map((i) => [i.email.toLowerCase(), i]));
  }

  async #step(run: RunState, step: OnboardingStep): Promise<void> {
    const { admin } = this.deps;
    const { onboarding } = run;
    const userId = step.org_user_id;
    switch (step.path) {
      case 'skip':
        return;
      case 'none':
        await this.#record(onboarding, step, { to: 'in', userId, membershipBefore: null, invite: null });
        return;
      case 'set_role':
        await admin.setProjectRole(onboarding.project_id, userId as string, onboarding.role);
        await this.#record(onboarding, step, { to: 'in', userId, membershipBefore: 'member', invite: null });
        await this.#tellIn(onboarding, step);
        return;
      case 'add': {
        const result = await admin.ensureProjectMember(
          onboarding.project_id,
          userId as string,
          onboarding.role,
          {
            lookFirst: false,
          },
        );
        const before = membershipBeforeOf(result);
        await this.#record(onboarding, step, { to: 'in', userId, membershipBefore: before, invite: null });
        await this.#tellIn(onboarding, step);
        return;
      }
      case 'pre_assign':
      case 'invite':
        await this.#invite(run, step);
        return;
    }
  }

  /** Links the person to their pending invite, or creates one (listed first, paced, 429 honoured). */
  async #invite(run: RunState, step: OnboardingStep): Promise<void> {
    const { db, admin, clock } = this.deps;
    const { onboarding, report } = run;
    let attempted = false;
    for (let limited = 0; ; ) {
      const found = run.pending.get(step.email);
      if (found) {
        // A step left `sending` by a crash finds the invite it created here: nothing is sent twice.
        const created = step.state === 'sending' || attempted;
        await this.#record(onboarding, step, {
          to: 'waiting',
          userId: null,
          membershipBefore: null,
          invite: { invite: found, created },
        });
        return;
      }
      await moveStep(db, step, ['planned', 'sending'], 'sending', clock.now());
      await this.#pace();
      attempted = true;
      let invite: Invite;
      try {
        invite = await admin.createInvite({
          email: step.email,
          role: 'reader',
          projects: [{ id: onboarding.project_id, role: onboarding.role }],
        });
      } catch (error) {
        const kind = error instanceof AdminApiError ? error.kind : 'network';
        if (kind === 'rate_limited' && limited < MAX_RATE_LIMITED) {
          limited += 1;
          report.rateLimited += 1;
          const at = clock.now().getTime();
          const inBurst =
            run.lastRateLimitAt !== undefined && at - run.lastRateLimitAt < RATE_LIMIT_BURST_GAP_MS;
          run.lastRateLimitAt = at;
          const ms = retryAfterMsOf(error) ?? DEFAULT_RETRY_AFTER_MS;
          this.#nextCreateAt = Math.max(this.#nextCreateAt, at + ms);
          await this.#pace();
          // Not created (429 comes first): the burst's one listing is enough, the rest just retry.
          if (inBurst) continue;
        } else if (kind !== 'network' && kind !== 'unavailable') {
          throw error;
        }
        // Whether it was created is unknown (or a 429 said not): list, then decide, never create blindly.
        run.pending = this.#pendingByEmail(await admin.listInvites());
        if (kind !== 'rate_limited' && !run.pending.has(step.email)) throw error;
        continue;
      }
      report.invitesCreated += 1;
      if (report.invitesCreated * 2 >= run.inviteSteps) crashPoint('onboard-halfway');
      run.pending.set(step.email, invite);
      await this.#record(onboarding, step, {
        to: 'waiting',
        userId: null,
        membershipBefore: null,
        invite: { invite, created: true },
      });
      return;
    }
  }

  /** Waits for the next invite-create slot: at most ONBOARD_INVITES_PER_SECOND, and after any Retry-After. */
  async #pace(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const wait = this.#nextCreateAt - now;
    if (wait > 0) await this.deps.wait(wait);
    this.#nextCreateAt = Math.max(this.#nextCreateAt, now) + 1000 / this.deps.invitesPerSecond;
  }

  async #record(
    onboarding: Onboarding,
    step: OnboardingStep,
    outcome: {
      to: 'in' | 'waiting';
      userId: string | null;
      membershipBefore: 'none' | 'member' | 'owner' | null;
      invite: { invite: Invite; created: boolean } | null;
    },
  ): Promise<void> {
    const { db, clock, botAdmins } = this.deps;
    try {
      await recordStepGrant(db, {
        onboarding,
        step,
        ...outcome,
        decidedAs: botAdmins.includes(onboarding.actor_slack_id) ? 'admin' : 'owner',
        at: clock.now(),
      });
      // Who is who, as for every grant (issue 12): a deactivated profile loses its email.
      if (step.slack_id)
        await remember(this.deps, [
          { slackId: step.slack_id, email: step.email, openaiUserId: outcome.userId },
        ]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new Error(`${step.email} has an open access request for this project already; decide that one.`);
    }
  }

  async #tellIn(onboarding: Onboarding, step: OnboardingStep): Promise<void> {
    await tellPerson(this.deps, step, {
      kind: 'onboarding.in',
      projectName: onboarding.project_name,
      role: onboarding.role,
      by: onboarding.actor_slack_id,
    });
  }
}

/** DMs a person of an onboarding: by their Slack id, or the Slack user with their email; false when neither. */
export async function tellPerson(
  deps: CoreDeps,
  step: Pick<OnboardingStep, 'slack_id' | 'email'>,
  notice: Parameters<CoreDeps['notifier']['toPerson']>[1],
): Promise<boolean> {
  try {
    const slackId = step.slack_id ?? (await deps.people.slackIdByEmail(step.email));
    if (!slackId) return false;
    await deps.notifier.toPerson(slackId, notice);
    return true;
  } catch (error) {
    deps.logger.warn(`Could not tell ${step.slack_id ?? step.email}: ${String(error)}`);
    return false;
  }
}
