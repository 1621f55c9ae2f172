import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ProjectRequest } from '../../db/schema.js';
import { decimalUsd, formatUsd } from '../../domain/money.js';
import { PROJECT_NAME_MAX_CHARS, PROJECT_TIERS, type ProjectTier } from '../../domain/new-project.js';
import type { Project, ProjectUser } from '../../openai/admin-types.js';
import { NewProjectModalFields, ProjectDecisionModalFields, ViewCallbackIds } from '../ids.js';
import { cutToLength, escapeAndCut, escapeMrkdwn, mention } from './format.js';

const TIER_HELP: Record<ProjectTier, string> = {
  development: 'Development: hard limit at the budget',
  staging: 'Staging: hard limit at the budget',
  production: 'Production: alerts only, never cut off',
  research: 'Research: alerts only, never cut off',
};

const tierOption = (tier: ProjectTier): PlainTextOption => ({
  text: { type: 'plain_text', text: TIER_HELP[tier] },
  value: tier,
});

const textInput = (
  field: { block: string; action: string },
  label: string,
  options: {
    multiline?: boolean;
    optional?: boolean;
    max?: number;
    hint?: string;
    initial?: string;
    placeholder?: string;
  } = {},
): KnownBlock => ({
  type: 'input',
  block_id: field.block,
  ...(options.optional ? { optional: true } : {}),
  label: { type: 'plain_text', text: label },
  ...(options.hint ? { hint: { type: 'plain_text', text: options.hint } } : {}),
  element: {
    type: 'plain_text_input',
    action_id: field.action,
    ...(options.multiline ? { multiline: true } : {}),
    ...(options.max ? { max_length: options.max } : {}),
    ...(options.initial ? { initial_value: options.initial } : {}),
    ...(options.placeholder ? { placeholder: { type: 'plain_text', text: options.placeholder } } : {}),
  },
});

const tierInput = (field: { block: string; action: string }, initial?: ProjectTier): KnownBlock => ({
  type: 'input',
  block_id: field.block,
  label: { type: 'plain_text', text: 'Tier' },
  hint: {
    type: 'plain_text',
    text: 'Development and staging get OpenAI’s hard limit; production and research get alerts only.',
  },
  element: {
    type: 'static_select',
    action_id: field.action,
    options: PROJECT_TIERS.map(tierOption),
    ...(initial ? { initial_option: tierOption(initial) } : {}),
  },
});

/** `/access new-project`: everything a new project needs, decided by the bot admins. */
export function newProjectModal(): ModalView {
  const f = NewProjectModalFields;
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.newProject,
    title: { type: 'plain_text', text: 'Request a new project' },
    submit: { type: 'plain_text', text: 'Send to the admins' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      textInput(f.name, 'Project name', {
        max: PROJECT_NAME_MAX_CHARS,
        placeholder: 'e.g. Genomics Lab 2027',
      }),
      textInput(f.purpose, 'What is it for?', { multiline: true, max: 2000 }),
      {
        type: 'input',
        block_id: f.owners.block,
        label: { type: 'plain_text', text: 'Owners' },
        hint: {
          type: 'plain_text',
          text: 'They approve who gets access. People not in the OpenAI organization yet get an invite.',
        },
        element: { type: 'multi_users_select', action_id: f.owners.action, max_selected_items: 10 },
      },
      tierInput(f.tier),
      textInput(f.budget, 'Monthly budget (USD)', { placeholder: 'e.g. 500' }),
      textInput(f.models, 'Models it may use', {
        optional: true,
        multiline: true,
        hint: 'Model ids separated by commas, e.g. gpt-4.1, o3. Leave empty to allow every model.',
      }),
    ],
  };
}

/** Approve… on a new-project card: the admin may change tier and budget before approving. */
export function approveProjectModal(request: ProjectRequest): ModalView {
  const f = ProjectDecisionModalFields;
  const name = `*${escapeMrkdwn(request.project_name)}*`;
  const archive = request.kind === 'archive';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: archive
          ? `Archive ${name}? *This cannot be undone*: every member loses access and its API keys stop working. The owners get the final cost report first.`
          : `Create ${name} for ${mention(request.requester_slack_id)}? Check the tier and the budget; the plan runs when you approve.`,
      },
    },
  ];
  if (!archive) {
    const tier = PROJECT_TIERS.find((t) => t === request.tier);
    blocks.push(tierInput(f.tier, tier));
    blocks.push(
      textInput(f.budget, 'Monthly budget (USD)', {
        initial: request.budget_cents ? decimalUsd(request.budget_cents) : '',
        hint: request.budget_cents ? `Asked for: ${formatUsd(request.budget_cents)}` : '',
      }),
    );
  }
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.approveProjectRequest,
    private_metadata: JSON.stringify({ requestId: request.id }),
    title: { type: 'plain_text', text: archive ? 'Approve archive' : 'Approve new project' },
    submit: { type: 'plain_text', text: archive ? 'Archive it' : 'Approve' },
    close: { type: 'plain_text', text: 'Back' },
    blocks,
  };
}

export function denyProjectModal(request: ProjectRequest): ModalView {
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.denyProjectRequest,
    private_metadata: JSON.stringify({ requestId: request.id }),
    title: { type: 'plain_text', text: 'Deny' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Deny ${mention(request.requester_slack_id)}’s request about *${escapeMrkdwn(request.project_name)}*?`,
        },
      },
      textInput(ProjectDecisionModalFields.reason, 'Reason (shown to the requester)', {
        optional: true,
        multiline: true,
        max: 500,
      }),
    ],
  };
}

const SHOWN_MEMBERS = 20;

/** `/access archive <project>`: says what goes, before anything happens. */
export function archiveProjectModal(input: {
  project: Project;
  members: readonly ProjectUser[];
  asAdmin: boolean;
}): ModalView {
  const { project, members, asAdmin } = input;
  const who = members
    .slice(0, SHOWN_MEMBERS)
    .map((m) => `• ${escapeAndCut(m.name || m.email || m.id, 80)} (${m.role})`)
    .join('\n');
  const more = members.length > SHOWN_MEMBERS ? `\n…and ${members.length - SHOWN_MEMBERS} more` : '';
  const text = [
    `:warning: *Archiving ${escapeAndCut(project.name, 200)} cannot be undone.*`,
    members.length > 0 ? `These ${members.length} people lose access:\n${who}${more}` : 'It has no members.',
    'Its API keys stop working, open access requests for it are closed, and its budget and key reports stop. The owners get the final cost report of the period (CSV).',
    asAdmin
      ? 'As a bot admin, confirming archives it now.'
      : 'Confirming sends the request to the bot admins.',
  ].join('\n\n');
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.archiveProject,
    private_metadata: JSON.stringify({ projectId: project.id }),
    title: { type: 'plain_text', text: 'Archive project' },
    submit: { type: 'plain_text', text: asAdmin ? 'Archive' : 'Ask the admins' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: cutToLength(text, 2900) } },
      textInput(ProjectDecisionModalFields.reason, 'Why archive it?', { multiline: true, max: 500 }),
    ],
  };
}
