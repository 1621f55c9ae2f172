import { addHours } from 'date-fns/addHours';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { justificationProblem, utcDay } from './request-form.js';

/** The rules of service accounts: the request form, the Show key window, the end-date steps. */

export interface ServiceAccountFormInput {
  projectId?: string | undefined;
  name?: string | undefined;
  purpose?: string | undefined;
  endDate?: string | undefined;
}

export type ServiceAccountField = 'project' | 'name' | 'purpose' | 'endDate';

export interface ValidServiceAccountForm {
  projectId: string;
  name: string;
  purpose: string;
  /** YYYY-MM-DD: the account is deleted on this day (UTC). */
  endDate: string | null;
}

export type ServiceAccountFormResult =
  | { ok: true; value: ValidServiceAccountForm }
  | { ok: false; errors: Partial<Record<ServiceAccountField, string>> };

export const NAME_MAX_CHARS = 64;

/** Letters, digits, spaces and `-_.`: a name that reads well in OpenAI's dashboard and in Slack. */
export function serviceAccountNameProblem(name: string, takenNames: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'Give the service account a name, e.g. "grading-pipeline".';
  if (trimmed.length > NAME_MAX_CHARS) return `Keep the name under ${NAME_MAX_CHARS} characters.`;
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(trimmed)) {
    return 'Use letters, digits, spaces, dots, dashes and underscores only, starting with a letter or digit.';
  }
  if (takenNames.some((taken) => taken.toLowerCase() === trimmed.toLowerCase())) {
    return `The project already has a service account called "${trimmed}" (or one is being requested). Pick another name.`;
  }
  return undefined;
}

export function validateServiceAccountForm(
  input: ServiceAccountFormInput,
  context: { requestableProjectIds: ReadonlySet<string>; takenNames: readonly string[]; today: Date },
): ServiceAccountFormResult {
  const errors: Partial<Record<ServiceAccountField, string>> = {};
  if (!input.projectId) errors.project = 'Choose a project.';
  else if (!context.requestableProjectIds.has(input.projectId)) {
    errors.project = 'That project cannot take service accounts (archived, or OpenAI’s Default project).';
  }
  const nameError = serviceAccountNameProblem(input.name ?? '', context.takenNames);
  if (nameError) errors.name = nameError;
  const purposeError = justificationProblem(input.purpose ?? '');
  if (purposeError) errors.purpose = purposeError.replace('use the project for', 'run with this account');
  let endDate: string | null = null;
  if (input.endDate) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.endDate) || !isValid(parseISO(input.endDate))) {
      errors.endDate = 'Pick a date.';
    } else if (input.endDate <= utcDay(context.today)) {
      errors.endDate = 'The account is removed at the start of this day (UTC), so pick tomorrow or later.';
    } else endDate = input.endDate;
  }
  if (Object.keys(errors).length > 0 || !input.projectId) return { ok: false, errors };
  return {
    ok: true,
    value: {
      projectId: input.projectId,
      name: (input.name ?? '').trim(),
      purpose: (input.purpose ?? '').trim(),
      endDate,
    },
  };
}

/** How long the Show key button works after the requester was told the key is ready. */
export const SHOW_KEY_HOURS = 24;

export function showKeyWindowOpen(readySince: Date, now: Date): boolean {
  return now < addHours(readySince, SHOW_KEY_HOURS);
}

/** The warnings before an end date: 7 days, then 1 day before. */
export const END_WARNINGS = [7, 1] as const;

export type EndStep = { kind: 'warn'; days: 7 | 1 } | { kind: 'remove' } | undefined;

/**
 * What is due for an account that ends on `endsOn` (YYYY-MM-DD, UTC), given the last warning
 * sent (`warnedDays`: 7 or 1, or null). A missed warning is skipped when a later one is due:
 * one message, never two at once.
 */
export function dueEndStep(endsOn: string, warnedDays: number | null, now: Date): EndStep {
  // Both are UTC calendar days: their difference in whole days, whatever the machine's time zone.
  const daysLeft = Math.round(
    (Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${utcDay(now)}T00:00:00Z`)) / 86_400_000,
  );
  if (daysLeft <= 0) return { kind: 'remove' };
  if (daysLeft <= 1) return warnedDays === 1 ? undefined : { kind: 'warn', days: 1 };
  if (daysLeft <= 7) return warnedDays === 7 || warnedDays === 1 ? undefined : { kind: 'warn', days: 7 };
  return undefined;
}
