import { z } from 'zod';
import { DEFAULT_THRESHOLDS, MAX_THRESHOLD, MAX_THRESHOLD_COUNT } from './budget-alerts.js';
import { DEFAULT_RESET_DAY, isResetDay, MAX_RESET_DAY, MIN_RESET_DAY } from './budget-period.js';
import { MAX_AMOUNT_CENTS, parseUsdAmount } from './money.js';

/** The budget modal as submitted: every field is text (or absent) until validated. */
export const BudgetFormInput = z.object({
  amount: z.string().optional(),
  resetDay: z.string().optional(),
  thresholds: z.string().optional(),
  hardLimitAction: z.string().optional(),
  hardLimitAmount: z.string().optional(),
});
export type BudgetFormInput = z.infer<typeof BudgetFormInput>;
export type BudgetFormField = keyof BudgetFormInput;

const Cents = z.number().int().positive().max(MAX_AMOUNT_CENTS);

export const HardLimitAction = z.enum(['keep', 'set', 'remove']);
export type HardLimitAction = z.infer<typeof HardLimitAction>;

/**
 * A validated change of a project's limits. Also the shape carried from the form to the
 * confirmation step (in the view's private_metadata), where it is parsed again.
 */
export const BudgetChange = z.object({
  projectId: z.string().min(1),
  soft: z.discriminatedUnion('action', [
    z.object({
      action: z.literal('set'),
      amountCents: Cents,
      resetDay: z.number().int().min(MIN_RESET_DAY).max(MAX_RESET_DAY),
      thresholds: z.array(z.number().int().min(1).max(MAX_THRESHOLD)).min(1).max(MAX_THRESHOLD_COUNT),
    }),
    z.object({ action: z.literal('remove') }),
  ]),
  hard: z.discriminatedUnion('action', [
    z.object({ action: z.literal('keep') }),
    z.object({ action: z.literal('set'), cents: Cents }),
    z.object({ action: z.literal('remove') }),
  ]),
});
export type BudgetChange = z.infer<typeof BudgetChange>;

export type BudgetFormResult =
  | { ok: true; change: BudgetChange }
  | { ok: false; errors: Partial<Record<BudgetFormField, string>> };

export type ThresholdParse = { ok: true; thresholds: number[] } | { ok: false; error: string };

/** `50, 75, 90` (or `50% 75%`), ascending without repeats; empty means the defaults. */
export function parseThresholds(text: string | undefined): ThresholdParse {
  const parts = (text ?? '')
    .split(/[\s,;]+/)
    .map((part) => part.replace(/%$/, ''))
    .filter((part) => part.length > 0);
  if (parts.length === 0) return { ok: true, thresholds: [...DEFAULT_THRESHOLDS] };
  const bad = parts.find((part) => !/^\d+$/.test(part) || Number(part) < 1 || Number(part) > MAX_THRESHOLD);
  if (bad !== undefined) {
    return {
      ok: false,
      error: `“${bad}” is not a percentage from 1 to ${MAX_THRESHOLD}. Write whole percentages, e.g. 50, 75, 90, 100.`,
    };
  }
  const thresholds = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (thresholds.length > MAX_THRESHOLD_COUNT) {
    return { ok: false, error: `At most ${MAX_THRESHOLD_COUNT} thresholds, please.` };
  }
  return { ok: true, thresholds };
}

/**
 * Validates the budget modal. An empty amount removes the soft budget when there is one. The
 * hard-limit amount is only read when "set or replace" is chosen; an amount typed without that
 * choice is pointed out rather than silently ignored.
 */
export function validateBudgetForm(
  input: BudgetFormInput,
  context: { projectId: string; hasBudget: boolean; currentHardLimitCents: number | null },
): BudgetFormResult {
  const errors: Partial<Record<BudgetFormField, string>> = {};
  let soft: BudgetChange['soft'] | undefined;

  const amountText = input.amount?.trim() ?? '';
  const resetDay = Number(input.resetDay ?? DEFAULT_RESET_DAY);
  if (!isResetDay(resetDay)) errors.resetDay = `Choose a day from ${MIN_RESET_DAY} to ${MAX_RESET_DAY}.`;
  const thresholds = parseThresholds(input.thresholds);
  if (!thresholds.ok) errors.thresholds = thresholds.error;
  if (amountText === '') {
    if (context.hasBudget) soft = { action: 'remove' };
    else errors.amount = 'Enter the budget per period in dollars, e.g. 500.';
  } else {
    const amount = parseUsdAmount(amountText);
    if (!amount.ok) errors.amount = amount.error;
    else if (thresholds.ok && isResetDay(resetDay)) {
      soft = { action: 'set', amountCents: amount.cents, resetDay, thresholds: thresholds.thresholds };
    }
  }

  let hard: BudgetChange['hard'] = { action: 'keep' };
  const action = HardLimitAction.safeParse(input.hardLimitAction ?? 'keep');
  const hardText = input.hardLimitAmount?.trim() ?? '';
  if (!action.success) {
    errors.hardLimitAction = 'Choose what to do with the hard limit.';
  } else if (action.data === 'set') {
    if (hardText === '') errors.hardLimitAmount = 'Enter the hard limit per month in dollars.';
    else {
      const amount = parseUsdAmount(hardText);
      if (amount.ok) hard = { action: 'set', cents: amount.cents };
      else errors.hardLimitAmount = amount.error;
    }
  } else if (action.data === 'remove') {
    hard = { action: 'remove' };
  } else if (hardText !== '') {
    const amount = parseUsdAmount(hardText);
    if (!amount.ok || amount.cents !== context.currentHardLimitCents) {
      errors.hardLimitAmount =
        'Choose “Set or replace the hard limit” above to apply this amount, or leave the field as it was.';
    }
  }

  if (Object.keys(errors).length > 0 || !soft) return { ok: false, errors };
  return { ok: true, change: { projectId: context.projectId, soft, hard } };
}
