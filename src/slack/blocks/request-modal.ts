import type { KnownBlock, ModalView, Option, PlainTextOption } from '@slack/types';
import type { Project } from '../../openai/admin-types.js';
import type { RequestFormData } from '../../services/request-intake.js';
import { ExtendModalFields, RequestModalFields, ViewCallbackIds } from '../ids.js';
import { cutToLength, echoTyped, escapeMrkdwn, firstCharacter } from './format.js';

const MAX_OPTIONS = 100;

function projectOption(project: Project): PlainTextOption {
  // Option text is limited to 75 characters.
  return {
    text: { type: 'plain_text', text: cutToLength(project.name || project.id, 75) },
    value: project.id,
  };
}

/**
 * Static selects take 100 options; beyond that, option groups (at most 100 of 100 each). The
 * projects come sorted by name, so they are cut into runs of 100 labelled by their first and
 * last initials ("A–C"): nothing is dropped up to 10 000 projects.
 */
export function projectChoices(
  projects: readonly Project[],
): { options: Option[] } | { option_groups: object[] } {
  if (projects.length <= MAX_OPTIONS) return { options: projects.map(projectOption) };
  const groups: object[] = [];
  for (let start = 0; start < projects.length && groups.length < MAX_OPTIONS; start += MAX_OPTIONS) {
    const members = projects.slice(start, start + MAX_OPTIONS);
    const initial = (project: Project | undefined) =>
      (firstCharacter(project?.name ?? '') || '#').toUpperCase();
    const first = initial(members[0]);
    const last = initial(members.at(-1));
    groups.push({
      label: { type: 'plain_text', text: first === last ? first : `${first}–${last}` },
      options: members.map(projectOption),
    });
  }
  return { option_groups: groups };
}

/** A form that lists projects, by its callback id and title (for its loading and failure views). */
export interface ProjectForm {
  callbackId: string;
  title: string;
  /** Carried to the filled form (where the command was run), never trusted for who may act. */
  metadata?: string;
}

const REQUEST_FORM: ProjectForm = { callbackId: ViewCallbackIds.requestAccess, title: 'Request access' };

/** Shown at once, because the trigger id expires in 3 s and listing projects can take longer. */
export function formLoadingModal(form: ProjectForm): ModalView {
  return {
    type: 'modal',
    callback_id: form.callbackId,
    ...(form.metadata ? { private_metadata: form.metadata } : {}),
    title: { type: 'plain_text', text: form.title },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading projects from OpenAI…' },
      },
    ],
  };
}

/** The form's place when its projects could not be read; `reason` is plain text (OpenAI's words included). */
export function formUnavailableModal(form: ProjectForm, reason: string): ModalView {
  return {
    type: 'modal',
    callback_id: form.callbackId,
    title: { type: 'plain_text', text: form.title },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(reason)}` } }],
  };
}

export const loadingModal = (): ModalView => formLoadingModal(REQUEST_FORM);
export const unavailableModal = (reason: string): ModalView => formUnavailableModal(REQUEST_FORM, reason);

export type RequestModalInput = RequestFormData;

/**
 * The project select every form that names a project starts with (request, onboarding, service
 * account), with a line saying so when the typed name matched nothing.
 */
export function projectPicker(
  field: { block: string; action: string },
  input: Pick<RequestFormData, 'projects' | 'preselected' | 'unmatchedHint'>,
): KnownBlock[] {
  const hint: KnownBlock[] = input.unmatchedHint
    ? [
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `No project is called “${echoTyped(input.unmatchedHint)}”; pick one from the list.`,
            },
          ],
        },
      ]
    : [];
  return [
    ...hint,
    {
      type: 'input',
      block_id: field.block,
      label: { type: 'plain_text', text: 'Project' },
      element: {
        type: 'static_select',
        action_id: field.action,
        placeholder: { type: 'plain_text', text: 'Choose an OpenAI project' },
        ...(projectChoices(input.projects) as object),
        ...(input.preselected ? { initial_option: projectOption(input.preselected) } : {}),
      } as never,
    },
  ];
}

export function requestModal(input: RequestModalInput): ModalView {
  const { project, role, justification, endDate } = RequestModalFields;
  const blocks: KnownBlock[] = [];
  blocks.push(
    ...projectPicker(project, input),
    {
      type: 'input',
      block_id: role.block,
      label: { type: 'plain_text', text: 'Role' },
      element: {
        type: 'radio_buttons',
        action_id: role.action,
        initial_option: roleOption(input.prefill?.role ?? 'member'),
        options: [roleOption('member'), roleOption('owner')],
      },
    },
    {
      type: 'input',
      block_id: justification.block,
      label: { type: 'plain_text', text: 'Justification' },
      hint: { type: 'plain_text', text: 'What will you use it for? The project’s owners decide on this.' },
      element: {
        type: 'plain_text_input',
        action_id: justification.action,
        multiline: true,
        max_length: 2000,
        ...(input.prefill ? { initial_value: input.prefill.justification } : {}),
        placeholder: { type: 'plain_text', text: 'e.g. Fine-tuning experiments for my thesis chapter on …' },
      },
    },
    {
      type: 'input',
      block_id: endDate.block,
      optional: true,
      label: { type: 'plain_text', text: 'Access ends on' },
      hint: {
        type: 'plain_text',
        text: 'Access is removed at the start of this day (UTC). Leave empty for no end date.',
      },
      element: { type: 'datepicker', action_id: endDate.action },
    },
  );
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.requestAccess,
    title: { type: 'plain_text', text: 'Request access' },
    submit: { type: 'plain_text', text: 'Send request' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

function roleOption(role: 'member' | 'owner'): PlainTextOption {
  return role === 'member'
    ? {
        text: { type: 'plain_text', text: 'Member' },
        value: 'member',
        description: { type: 'plain_text', text: 'Use the project: call the API, see its usage.' },
      }
    : {
        text: { type: 'plain_text', text: 'Owner' },
        value: 'owner',
        description: { type: 'plain_text', text: 'Manage the project: members, keys, limits.' },
      };
}

export function extendModal(input: { grantId: string; projectName: string; currentEnd: string }): ModalView {
  const { endDate, justification } = ExtendModalFields;
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.extendGrant,
    private_metadata: JSON.stringify({ grantId: input.grantId }),
    title: { type: 'plain_text', text: 'Extend access' },
    submit: { type: 'plain_text', text: 'Ask the owners' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Your access to *${escapeMrkdwn(input.projectName)}* ends on ${input.currentEnd}. The project's owners decide on the extension.`,
        },
      },
      {
        type: 'input',
        block_id: endDate.block,
        label: { type: 'plain_text', text: 'New end date' },
        element: { type: 'datepicker', action_id: endDate.action },
      },
      {
        type: 'input',
        block_id: justification.block,
        label: { type: 'plain_text', text: 'Why do you need more time?' },
        element: {
          type: 'plain_text_input',
          action_id: justification.action,
          multiline: true,
          max_length: 2000,
        },
      },
    ],
  };
}
