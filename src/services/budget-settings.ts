import { findBudget, findHardLimitReading } from '../db/budgets.js';
import {
  BudgetChange,
  type BudgetFormField,
  type BudgetFormInput,
  validateBudgetForm,
} from '../domain/budget-form.js';
import { BudgetAccess } from './budget-access.js';
import type { CoreDeps } from './core-deps.js';
import { applyHardLimit, type HardResult } from './hard-limit-change.js';
import { noteHardLimit } from './hard-limit-readings.js';
import type { DirectoryProject, ProjectDirectory } from './project-directory.js';
import { applySoftBudget, type SoftResult } from './soft-budget-change.js';

/** What the budget form shows: the project, its soft budget and OpenAI's hard limit. */
export interface BudgetModalInput {
  project: { id: string; name: string };
  budget: { amountCents: number; resetDay: number; thresholds: readonly number[] } | null;
  hardLimit: { thresholdCents: number; enforcing: boolean } | null;
}

/** Why a project's limits cannot be shown or changed. */
export type BudgetRefusal =
  | { kind: 'unknown_project'; typed: string; suggestions: readonly { name: string }[] }
  | { kind: 'no_such_project'; projectId: string }
  | { kind: 'not_allowed'; projectName: string };

export type SettingsForm =
  | { kind: 'form'; input: BudgetModalInput }
  | { kind: 'refused'; refusal: BudgetRefusal };

export type SettingsSubmission =
  | { kind: 'errors'; errors: Partial<Record<BudgetFormField, string>> }
  | { kind: 'refused'; refusal: BudgetRefusal }
  /** A hard-limit change: ask first. */
  | {
      kind: 'confirm';
      project: { id: string; name: string };
      change: BudgetChange;
      currentHardLimitCents: number | null;
    }
  /** A soft-budget change: saved already. */
  | { kind: 'saved'; project: { id: string; name: string }; change: BudgetChange; soft: SoftResult };

export type Confirmation =
  /** The change the confirmation carried does not parse. */
  | { kind: 'unreadable' }
  | { kind: 'refused'; refusal: BudgetRefusal }
  | { kind: 'accepted'; change: BudgetChange };

/** A confirmed change, applied: the soft budget in the store, the hard limit in OpenAI. */
export interface AppliedChange {
  projectName: string;
  change: BudgetChange;
  soft: SoftResult;
  hard: HardResult;
}

/**
 * Changing a project's soft budget and OpenAI hard limit through the budget modal. Who may is
 * decided at every step from current data, whatever the modal carried.
 */
export class BudgetSettings {
  readonly #access: BudgetAccess;

  constructor(
    private readonly deps: CoreDeps & {
      directory: ProjectDirectory;
      botAdmins: readonly string[];
    },
  ) {
    this.#access = new BudgetAccess(deps);
  }

  /** What the budget modal shows for a project (by id, or as typed), or why it cannot. */
  async settingsForm(slackId: string, project: { id: string } | { typed: string }): Promise<SettingsForm> {
    const { db, admin, clock } = this.deps;
    const found = await this.#resolve(project);
    if ('refusal' in found) return { kind: 'refused', refusal: found.refusal };
    const right = await this.#access.rightToChange(slackId, found.project.id);
    if (!right.allowed) return { kind: 'refused', refusal: notAllowed(found.project) };
    const [budget, hardLimit] = await Promise.all([
      findBudget(db, found.project.id),
      admin.getHardLimit(found.project.id),
    ]);
    await noteHardLimit(db, found.project.id, hardLimit ?? null, clock.now());
    return {
      kind: 'form',
      input: { project: found.project, budget: budget ?? null, hardLimit: hardLimit ?? null },
    };
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
    const { db, clock } = this.deps;
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
    if ('refusal' in found) return { kind: 'refused', refusal: found.refusal };
    const right = await this.#access.rightToChange(slackId, projectId);
    if (!right.allowed) return { kind: 'refused', refusal: notAllowed(found.project) };
    const { change } = result;
    if (change.hard.action !== 'keep') {
      return {
        kind: 'confirm',
        project: found.project,
        change,
        currentHardLimitCents: reading?.threshold_cents ?? null,
      };
    }
    const soft = await applySoftBudget(db, { slackId, change, now: clock.now() });
    return { kind: 'saved', project: found.project, change, soft };
  }

  /** The confirmation of a hard-limit change: its change parsed again and the clicker authorized again. */
  async confirm(slackId: string, privateMetadata: unknown): Promise<Confirmation> {
    const change = BudgetChange.safeParse(privateMetadata);
    if (!change.success) return { kind: 'unreadable' };
    const found = await this.#resolve({ id: change.data.projectId });
    if ('refusal' in found) return { kind: 'refused', refusal: found.refusal };
    const right = await this.#access.rightToChange(slackId, change.data.projectId);
    if (!right.allowed) return { kind: 'refused', refusal: notAllowed(found.project) };
    return { kind: 'accepted', change: change.data };
  }

  /** Applies a confirmed change: the soft budget, then the hard limit through the Admin API. */
  async applyChange(slackId: string, change: BudgetChange): Promise<AppliedChange> {
    const { db, clock } = this.deps;
    const found = await this.#resolve({ id: change.projectId });
    const projectName = 'project' in found ? found.project.name : change.projectId;
    const soft = await applySoftBudget(db, { slackId, change, now: clock.now() });
    const hard = await applyHardLimit(this.deps, slackId, change);
    return { projectName, change, soft, hard };
  }

  /** The project a person typed (the project list may be read again), or the one an id names. */
  async #resolve(
    ref: { id: string } | { typed: string },
  ): Promise<{ project: DirectoryProject } | { refusal: BudgetRefusal }> {
    const { directory } = this.deps;
    if ('typed' in ref) {
      const match = await directory.find(ref.typed);
      return match.found
        ? { project: match.project }
        : { refusal: { kind: 'unknown_project', typed: ref.typed, suggestions: match.suggestions } };
    }
    const project = await directory.byId(ref.id);
    return project ? { project } : { refusal: { kind: 'no_such_project', projectId: ref.id } };
  }
}

function notAllowed(project: { name: string }): BudgetRefusal {
  return { kind: 'not_allowed', projectName: project.name };
}
