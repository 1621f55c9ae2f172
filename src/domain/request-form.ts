import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import { ProjectRole } from './request-status.js';

export const RequestFormInput = z.object({
  projectId: z.string().optional(),
  role: z.string().optional(),
  justification: z.string().optional(),
  endDate: z.string().optional(),
});
export type RequestFormInput = z.infer<typeof RequestFormInput>;

export type RequestFormField = 'project' | 'role' | 'justification' | 'endDate';

export type ValidRequest = {
  projectId: string;
  role: ProjectRole;
  justification: string;
  /** YYYY-MM-DD: access ends at the start of this day, UTC. */
  endDate: string | null;
};

export type FormResult =
  | { ok: true; value: ValidRequest }
  | { ok: false; errors: Partial<Record<RequestFormField, string>> };

export const JUSTIFICATION_MIN_CHARS = 15;
export const JUSTIFICATION_MAX_CHARS = 2000;

/** A justification approvers can act on: several words with letters in them, not "pls" or "asdf". */
export function justificationProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'Say why you need access; the owners decide on this.';
  if (trimmed.length > JUSTIFICATION_MAX_CHARS) return `Keep it under ${JUSTIFICATION_MAX_CHARS} characters.`;
  const words = trimmed.split(/\s+/).filter((word) => /\p{L}{2,}/u.test(word));
  if (trimmed.length < JUSTIFICATION_MIN_CHARS || words.length < 3) {
    return 'Write a full sentence (at least 3 words) saying what you will use the project for.';
  }
  return undefined;
}

/**
 * Validates a submitted request form against the projects that may be requested right now.
 * `today` is the requester's current date in UTC; an end date before it is refused.
 */
export function validateRequestForm(
  input: RequestFormInput,
  context: { requestableProjectIds: ReadonlySet<string>; today: Date },
): FormResult {
  const errors: Partial<Record<RequestFormField, string>> = {};
  if (!input.projectId) errors.project = 'Choose a project.';
  else if (!context.requestableProjectIds.has(input.projectId)) {
    errors.project = 'That project cannot be requested any more (archived, or OpenAI’s Default project).';
  }
  const role = ProjectRole.safeParse(input.role ?? 'member');
  if (!role.success) errors.role = 'Choose member or owner.';
  const justificationError = justificationProblem(input.justification ?? '');
  if (justificationError) errors.justification = justificationError;
  let endDate: string | null = null;
  if (input.endDate) {
    const parsed = parseISO(input.endDate);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.endDate) || !isValid(parsed)) errors.endDate = 'Pick a date.';
    // Calendar dates compare as text; both sides are UTC days. Access ends at the start of the end date.
    else if (input.endDate < utcDay(context.today)) errors.endDate = 'The end date cannot be in the past.';
    else if (input.endDate === utcDay(context.today)) {
      errors.endDate = 'Access ends at the start of this day (UTC), so pick tomorrow or later.';
    } else endDate = input.endDate;
  }
  if (Object.keys(errors).length > 0 || !input.projectId || !role.success) return { ok: false, errors };
  return {
    ok: true,
    value: {
      projectId: input.projectId,
      role: role.data,
      justification: (input.justification ?? '').trim(),
      endDate,
    },
  };
}

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
