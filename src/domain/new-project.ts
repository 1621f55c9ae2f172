import { z } from 'zod';
import { PROJECT_TIERS } from './key-findings.js';
import { parseUsdAmount } from './money.js';
import { justificationProblem } from './request-form.js';

/**
 * What a project is for decides how its spend is limited: development and staging get OpenAI's
 * hard limit (an overrun stops them), production and research only a soft budget with alerts,
 * so an overrun never cuts off a live service or a running experiment.
 */
export const ProjectTier = z.enum(PROJECT_TIERS);
export type ProjectTier = z.infer<typeof ProjectTier>;
export { PROJECT_TIERS };

export const hasHardLimit = (tier: ProjectTier): boolean => tier === 'development' || tier === 'staging';

/** The steps an approved new-project request runs, in order; each is recorded as it completes. */
export const PlanStep = z.enum([
  'create_project',
  'add_owners',
  'soft_budget',
  'hard_limit',
  'model_permissions',
  'final_cost_report',
  'expire_requests',
  'archive_project',
  'stop_budgets',
  'summary',
]);
export type PlanStep = z.infer<typeof PlanStep>;

/** A new project's plan: every step, in order; steps its tier or form do not call for are recorded as skipped. */
export function newProjectPlan(input: {
  tier: ProjectTier;
  models: readonly string[] | null;
}): { step: PlanStep; status: 'pending' | 'skipped' }[] {
  return [
    { step: 'create_project', status: 'pending' },
    { step: 'add_owners', status: 'pending' },
    { step: 'soft_budget', status: 'pending' },
    { step: 'hard_limit', status: hasHardLimit(input.tier) ? 'pending' : 'skipped' },
    { step: 'model_permissions', status: input.models ? 'pending' : 'skipped' },
    { step: 'summary', status: 'pending' },
  ];
}

/** Archiving: the owners' final cost report first (while the project is still listed), then close everything. */
export const ARCHIVE_PLAN: readonly { step: PlanStep; status: 'pending' }[] = (
  ['final_cost_report', 'expire_requests', 'archive_project', 'stop_budgets', 'summary'] as const
).map((step) => ({ step, status: 'pending' as const }));

export const PROJECT_NAME_MAX_CHARS = 100;
export const MAX_OWNERS = 10;
export const MAX_MODELS = 50;

export const NewProjectInput = z.object({
  name: z.string().optional(),
  purpose: z.string().optional(),
  owners: z.array(z.string()).optional(),
  tier: z.string().optional(),
  budget: z.string().optional(),
  models: z.string().optional(),
});
export type NewProjectInput = z.infer<typeof NewProjectInput>;
export type NewProjectField = keyof NewProjectInput;

export interface ValidNewProject {
  name: string;
  purpose: string;
  owners: string[];
  tier: ProjectTier;
  budgetCents: number;
  /** Null: no allow list, every model the organization has. */
  models: string[] | null;
}

export type NewProjectResult =
  | { ok: true; value: ValidNewProject }
  | { ok: false; errors: Partial<Record<NewProjectField, string>> };

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/;

/** `gpt-4.1, o3` (commas, spaces or new lines); empty means every model. */
export function parseModelList(
  text: string | undefined,
): { ok: true; models: string[] | null } | { ok: false; error: string } {
  const parts = [...new Set((text ?? '').split(/[\s,;]+/).filter((part) => part.length > 0))];
  if (parts.length === 0) return { ok: true, models: null };
  const bad = parts.find((part) => !MODEL_ID.test(part) || part.length > 100);
  if (bad !== undefined)
    return { ok: false, error: `“${bad}” is not a model id; write ids like gpt-4.1, o3.` };
  if (parts.length > MAX_MODELS) return { ok: false, error: `List at most ${MAX_MODELS} models.` };
  return { ok: true, models: parts };
}

/**
 * Validates the new-project form. `takenNames` are the names of projects that exist already or
 * are asked for (lowercased): a second "Alpha" would make every report ambiguous.
 */
export function validateNewProject(
  input: NewProjectInput,
  context: { takenNames: ReadonlySet<string> },
): NewProjectResult {
  const errors: Partial<Record<NewProjectField, string>> = {};
  const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
  if (name === '') errors.name = 'Give the project a name.';
  else if (name.length > PROJECT_NAME_MAX_CHARS)
    errors.name = `Keep the name under ${PROJECT_NAME_MAX_CHARS} characters.`;
  else if (context.takenNames.has(name.toLowerCase())) {
    errors.name = `A project named “${name}” exists or is requested already; choose another name.`;
  }
  const purpose = (input.purpose ?? '').trim();
  const purposeProblem = justificationProblem(purpose);
  if (purposeProblem) errors.purpose = purposeProblem.replace('need access', 'need this project');
  const owners = [...new Set(input.owners ?? [])];
  if (owners.length === 0) errors.owners = 'Choose at least one owner (they approve access to the project).';
  else if (owners.length > MAX_OWNERS) errors.owners = `Choose at most ${MAX_OWNERS} owners.`;
  const tier = ProjectTier.safeParse(input.tier);
  if (!tier.success) errors.tier = `Choose a tier: ${PROJECT_TIERS.join(', ')}.`;
  const budget = parseUsdAmount(input.budget ?? '');
  if (!budget.ok) errors.budget = budget.error;
  const models = parseModelList(input.models);
  if (!models.ok) errors.models = models.error;
  if (Object.keys(errors).length > 0 || !tier.success || !budget.ok || !models.ok)
    return { ok: false, errors };
  return {
    ok: true,
    value: { name, purpose, owners, tier: tier.data, budgetCents: budget.cents, models: models.models },
  };
}
