import { z } from 'zod';

/** The element states Slack sends in `view.state.values`, for the elements the bot's modals use. */
const ElementState = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_date: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
});

export const ViewStateValues = z.record(z.string(), z.record(z.string(), ElementState));
export type ViewStateValues = z.infer<typeof ViewStateValues>;

/** The submitted value of one input, whatever its element type; undefined when left empty. */
export function inputValue(
  values: ViewStateValues,
  field: { block: string; action: string },
): string | undefined {
  const state = values[field.block]?.[field.action];
  if (!state) return undefined;
  const value = state.selected_option?.value ?? state.selected_date ?? state.value;
  return value ?? undefined;
}

/** A view's private_metadata as JSON; undefined when it is empty or not JSON (the bot's own views write JSON). */
export function privateMetadataOf(view: { private_metadata?: string | undefined }): unknown {
  try {
    return JSON.parse(view.private_metadata || '{}');
  } catch {
    return undefined;
  }
}

/** The users picked in a multi_users_select; empty when none. */
export function selectedUsers(values: ViewStateValues, field: { block: string; action: string }): string[] {
  return values[field.block]?.[field.action]?.selected_users ?? [];
}

/**
 * A service's field errors (keyed by form field) as Slack shows them under each input: keyed by
 * that field's block id. Fields the form does not have are dropped rather than sent to Slack.
 */
export function errorsOnFields<F extends string>(
  fields: Record<F, { block: string }>,
  errors: Partial<Record<F, string>>,
): Record<string, string> {
  const byBlock: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as [F, string | undefined][]) {
    const block = fields[field]?.block;
    if (block && message) byBlock[block] = message;
  }
  return byBlock;
}

/** When OpenAI or the database did not answer a submission: said on the form's first field. */
export const NOT_ANSWERED = 'OpenAI or the bot’s database did not answer; please try again in a minute.';
