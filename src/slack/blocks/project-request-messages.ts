import type { KnownBlock } from '@slack/types';
import type { ProjectPlanStepRow, ProjectRequest } from '../../db/schema.js';
import { formatUsd } from '../../domain/money.js';
import { PlanStep } from '../../domain/new-project.js';
import type { ProjectRequestView } from '../../services/project-notices.js';
import { ActionIds } from '../ids.js';
import { escapeAndCut, escapeMrkdwn, mention, mentionAll, slackDate } from './format.js';
import type { SlackMessage } from './message.js';

const ownersOf = (request: ProjectRequest): string[] => JSON.parse(request.owners) as string[];
const modelsOf = (request: ProjectRequest): string[] | null =>
  request.models ? (JSON.parse(request.models) as string[]) : null;

function modelsText(request: ProjectRequest): string {
  const models = modelsOf(request);
  return models ? models.map((m) => `\`${escapeMrkdwn(m)}\``).join(', ') : 'every model';
}

function stepLabel(step: PlanStep, request: ProjectRequest): string {
  const budget = request.budget_cents ? formatUsd(request.budget_cents) : 'no';
  switch (step) {
    case 'create_project':
      return 'Create the project in OpenAI';
    case 'add_owners':
      return `Add the owners ${mentionAll(ownersOf(request))} (an org invite for those not in the organization yet)`;
    case 'soft_budget':
      return `Record the tier (${escapeMrkdwn(request.tier ?? '')}) and set a monthly budget of ${budget} with alerts`;
    case 'hard_limit':
      return `Set OpenAI’s hard limit at ${budget} a month`;
    case 'model_permissions':
      return `Allow only ${modelsText(request)}`;
    case 'final_cost_report':
      return 'Send the owners the final cost report (CSV)';
    case 'expire_requests':
      return 'Close the open access requests for it';
    case 'archive_project':
      return 'Archive the project in OpenAI';
    case 'stop_budgets':
      return 'Stop its budget and alerts';
    case 'summary':
      return 'Tell the requester and the admins';
  }
}

function skippedWhy(step: PlanStep, request: ProjectRequest): string {
  if (step === 'hard_limit') {
    return `no hard limit for a ${escapeMrkdwn(request.tier ?? '')} project: alerts only, so an overrun never cuts it off`;
  }
  if (step === 'model_permissions') return 'every model allowed';
  return 'nothing to do';
}

const MARKS = {
  done: ':white_check_mark:',
  skipped: ':fast_forward:',
  failed: ':x:',
  pending: ':hourglass_flowing_sand:',
};

function stepLine(row: ProjectPlanStepRow, request: ProjectRequest): string {
  const step = PlanStep.parse(row.step);
  const label = stepLabel(step, request);
  if (row.status === 'skipped') return `${MARKS.skipped} ~${label}~ (${skippedWhy(step, request)})`;
  if (row.status === 'failed')
    return `${MARKS.failed} ${label}: *failed*: ${escapeAndCut(row.error ?? 'no reason given', 500)}`;
  const detail = row.status === 'done' && step === 'add_owners' ? ownersDetail(row) : '';
  return `${MARKS[row.status]} ${label}${detail}`;
}

function ownersDetail(row: ProjectPlanStepRow): string {
  const detail = row.detail ? (JSON.parse(row.detail) as { invited?: string[] }) : {};
  const invited = detail.invited ?? [];
  return invited.length > 0 ? ` — ${mentionAll(invited)} invited, added when they accept` : '';
}

function header(request: ProjectRequest): string {
  const name = `*${escapeMrkdwn(request.project_name)}*`;
  if (request.kind === 'archive')
    return `:file_cabinet: Archive ${name}, asked by ${mention(request.requester_slack_id)}`;
  return `:new: New project ${name}, asked by ${mention(request.requester_slack_id)}`;
}

function statusText(request: ProjectRequest): string {
  const by = request.decided_by
    ? `${mention(request.decided_by)} on ${slackDate(request.decided_at ?? request.updated_at)}`
    : '';
  const verb = request.kind === 'archive' ? 'Archived' : 'Ready';
  switch (request.status) {
    case 'pending':
      return ':hourglass_flowing_sand: Waiting for a bot admin to decide.';
    case 'approved':
      return `:gear: Approved by ${by}; being carried out:`;
    case 'done':
      return `:white_check_mark: ${verb}${request.project_id ? ` (\`${escapeMrkdwn(request.project_id)}\`)` : ''}. Approved by ${by}.`;
    case 'failed':
      return `:warning: Approved by ${by}; a step failed. What was done stays done; Retry goes on from the failed step.`;
    case 'denied':
      return `:no_entry: Denied by ${by}${request.reason ? `: ${escapeAndCut(request.reason, 1000)}` : '.'}`;
  }
}

function detailsBlock(request: ProjectRequest): KnownBlock {
  if (request.kind === 'archive') {
    return {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Why*\n${escapeAndCut(request.purpose, 2000)}\n_Archiving cannot be undone: every member loses access and its API keys stop working._`,
      },
    };
  }
  return {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Tier*\n${escapeMrkdwn(request.tier ?? '')}` },
      {
        type: 'mrkdwn',
        text: `*Monthly budget*\n${request.budget_cents ? formatUsd(request.budget_cents) : 'none'}`,
      },
      { type: 'mrkdwn', text: `*Owners*\n${mentionAll(ownersOf(request))}` },
      { type: 'mrkdwn', text: `*Models*\n${cutModels(modelsText(request))}` },
    ],
  };
}

const cutModels = (text: string): string => (text.length > 1900 ? `${text.slice(0, 1900)}…` : text);

function buttons(request: ProjectRequest, audience: 'admins' | 'requester'): KnownBlock[] {
  if (audience !== 'admins') return [];
  const button = (actionId: string, text: string, style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text },
    value: request.id,
    ...(style ? { style } : {}),
  });
  if (request.status === 'pending') {
    const approve = request.kind === 'archive' ? 'Approve archive…' : 'Approve…';
    return [
      {
        type: 'actions',
        elements: [
          button(ActionIds.approveProjectRequest, approve, 'primary'),
          button(ActionIds.denyProjectRequest, 'Deny', 'danger'),
        ],
      },
    ];
  }
  if (request.status === 'failed') {
    return [{ type: 'actions', elements: [button(ActionIds.retryProjectPlan, 'Retry', 'primary')] }];
  }
  return [];
}

/** The admins' card or the requester's copy of a project request, as it stands now. */
export function projectRequestCard(
  { request, steps }: ProjectRequestView,
  audience: 'admins' | 'requester',
): SlackMessage {
  const top = header(request);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: top } },
    detailsBlock(request),
  ];
  if (request.kind === 'new') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Purpose*\n${escapeAndCut(request.purpose, 2000)}` },
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: statusText(request) }] });
  const shown = steps.filter((s) => s.step !== 'summary');
  if (shown.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: shown.map((s) => stepLine(s, request)).join('\n') },
    });
  }
  blocks.push(...buttons(request, audience));
  return { text: `${top} — ${statusText(request)}`, blocks };
}

/** What the plan did, once it finished. */
export function projectRequestSummary({ request, steps }: ProjectRequestView): SlackMessage {
  const name = escapeMrkdwn(request.project_name);
  const lines = steps.filter((s) => s.step !== 'summary').map((s) => stepLine(s, request));
  const text = `:tada: *${name}* is set up${request.project_id ? ` (\`${escapeMrkdwn(request.project_id)}\`)` : ''}. Owners approve access requests with \`/access\`; spend shows in \`/access budget ${name}\`.`;
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${text}\n${lines.join('\n')}` } }],
  };
}

export function finalCostReportComment(input: {
  projectName: string;
  from: string;
  to: string;
}): SlackMessage {
  const text = `:file_cabinet: *${escapeMrkdwn(input.projectName)}* was archived. Its final cost report, ${input.from} to ${input.to}, is attached.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
