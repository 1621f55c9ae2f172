import { ExtendModalFields, RequestModalFields } from '../../src/slack/ids.js';

/** `view.state.values` exactly as Slack sends them for the request modal. */
export function requestFormValues(input: {
  projectId?: string;
  role?: 'member' | 'owner' | string;
  justification?: string;
  endDate?: string;
}): Record<string, Record<string, unknown>> {
  const { project, role, justification, endDate } = RequestModalFields;
  const option = (value: string | undefined) =>
    value === undefined ? null : { value, text: { type: 'plain_text', text: value } };
  return {
    [project.block]: {
      [project.action]: { type: 'static_select', selected_option: option(input.projectId) },
    },
    [role.block]: {
      [role.action]: { type: 'radio_buttons', selected_option: option(input.role ?? 'member') },
    },
    [justification.block]: {
      [justification.action]: { type: 'plain_text_input', value: input.justification ?? null },
    },
    [endDate.block]: { [endDate.action]: { type: 'datepicker', selected_date: input.endDate ?? null } },
  };
}

/** `view.state.values` as Slack sends them for the "Extend access" modal. */
export function extendFormValues(
  endDate: string,
  justification = 'The experiments need two more weeks.',
): Record<string, Record<string, unknown>> {
  const fields = ExtendModalFields;
  return {
    [fields.endDate.block]: { [fields.endDate.action]: { type: 'datepicker', selected_date: endDate } },
    [fields.justification.block]: {
      [fields.justification.action]: { type: 'plain_text_input', value: justification },
    },
  };
}
