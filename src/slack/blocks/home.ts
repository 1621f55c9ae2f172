import type { HomeView, KnownBlock } from '@slack/types';
import type { AccessRequest, ProjectRequest } from '../../db/schema.js';
import type { HomeData } from '../../services/home.js';
import { ACCESS_COMMAND, ActionIds } from '../ids.js';
import { escapeAndCut, escapeMrkdwn, mention, slackDate } from './format.js';
import { sentByText } from './invite-messages.js';
import { onboardingHomeBlocks } from './onboard-card.js';
import { serviceAccountHeadline, serviceAccountHomeLine } from './service-account-text.js';

const STATUS_EMOJI: Record<AccessRequest['status'], string> = {
  pending: ':hourglass_flowing_sand:',
  approved: ':arrows_counterclockwise:',
  awaiting_invite: ':envelope:',
  applied: ':white_check_mark:',
  denied: ':no_entry:',
  cancelled: ':heavy_multiplication_x:',
  expired: ':hourglass:',
  revoked: ':lock:',
};

/** Slack renders at most 100 blocks in a Home tab. */
export const HOME_BLOCK_LIMIT = 100;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const title = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } });

function myRequestBlocks(request: AccessRequest): KnownBlock[] {
  const what =
    request.kind !== 'access'
      ? serviceAccountHomeLine(request)
      : `*${escapeMrkdwn(request.project_name)}* as ${request.role}: ${request.status.replace('_', ' ')}${
          request.extends_request_id ? ' (extension)' : ''
        }`;
  const line = `${STATUS_EMOJI[request.status]} ${what}\n_${slackDate(request.created_at)}_ · \`${request.id}\``;
  if (request.status !== 'pending') return [section(line)];
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: line },
      accessory: {
        type: 'button',
        action_id: ActionIds.cancelRequest,
        text: { type: 'plain_text', text: 'Cancel' },
        value: request.id,
      },
    },
  ];
}

function waitingBlocks(request: AccessRequest): KnownBlock[] {
  return [
    section(
      `${request.kind !== 'access' ? serviceAccountHeadline(request) : `${mention(request.requester_slack_id)} asks for *${escapeMrkdwn(request.project_name)}* as ${request.role}`} · ${slackDate(request.created_at)}\n>${escapeAndCut(request.justification, 280, '…')}`,
    ),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ActionIds.approveRequest,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          value: request.id,
        },
        {
          type: 'button',
          action_id: ActionIds.denyRequest,
          style: 'danger',
          text: { type: 'plain_text', text: 'Deny' },
          value: request.id,
        },
      ],
    },
  ];
}

/**
 * Appends items while they fit in `budget` blocks, keeping one block for "…and N more".
 * Lists come newest (or most urgent) first, so what is cut is the least interesting.
 */
function fitted<T>(
  items: readonly T[],
  render: (item: T) => KnownBlock[],
  budget: number,
  noun: string,
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let shown = 0;
  for (const item of items) {
    const next = render(item);
    if (blocks.length + next.length > budget - 1) break;
    blocks.push(...next);
    shown += 1;
  }
  if (shown < items.length) blocks.push(context(`…and ${items.length - shown} more ${noun}.`));
  return blocks;
}

export function homeView(input: HomeData): HomeView {
  const blocks: KnownBlock[] = [
    title('OpenAI access'),
    section(
      `Type \`${ACCESS_COMMAND}\` anywhere to ask for access to an OpenAI project, or \`${ACCESS_COMMAND} help\`.`,
    ),
  ];
  if (input.onboardings && input.onboardings.length > 0) {
    blocks.push(...onboardingHomeBlocks(input.onboardings));
  }
  const adminBlocks: KnownBlock[] = [];
  if (input.admin) {
    const { stalledInvites, longWaiting, budgetsOver = [] } = input.admin;
    adminBlocks.push({ type: 'divider' }, title('For bot admins'));
    adminBlocks.push(
      section(
        stalledInvites.length === 0
          ? '*Stalled invites:* none.'
          : `*Stalled invites (${stalledInvites.length}):*\n${stalledInvites
              .slice(0, 15)
              .map(
                (i) =>
                  `• ${escapeMrkdwn(i.email)}, invited ${slackDate(i.invited_at)}, ${sentByText(Boolean(i.sent_by_bot))}`,
              )
              .join('\n')}`,
      ),
      section(
        longWaiting.length === 0
          ? '*Requests waiting over a day:* none.'
          : `*Requests waiting over a day (${longWaiting.length}):*\n${longWaiting
              .slice(0, 15)
              .map(
                (r) =>
                  `• ${mention(r.requester_slack_id)} → ${escapeMrkdwn(r.project_name)}, since ${slackDate(r.created_at)}`,
              )
              .join('\n')}`,
      ),
      section(
        budgetsOver.length === 0
          ? '*Budgets over 75 %:* none.'
          : `*Budgets over 75 % (${budgetsOver.length}):*\n${budgetsOver
              .slice(0, 15)
              .map((b) => `• ${escapeMrkdwn(b.projectName)}: ${Math.round(b.percent)} %`)
              .join('\n')}`,
      ),
    );
  }
  const projectRequests = input.projectRequests ?? [];
  if (projectRequests.length > 0) {
    // Ahead of the admin part, and counted in it, so the request lists leave room for it.
    adminBlocks.unshift(
      { type: 'divider' },
      title('My project requests'),
      section(projectRequests.map(projectRequestLine).join('\n')),
    );
  }
  // What is left for the two lists, split so neither can crowd the other out.
  const room = HOME_BLOCK_LIMIT - blocks.length - adminBlocks.length - 4;
  const waitingRoom = Math.min(Math.floor(room / 2), 2 * input.waitingForMe.length + 1);
  blocks.push({ type: 'divider' }, title(`Waiting for my decision (${input.waitingForMe.length})`));
  if (input.waitingForMe.length === 0) blocks.push(context('Nothing is waiting for you.'));
  else blocks.push(...fitted(input.waitingForMe, waitingBlocks, waitingRoom, 'requests waiting for you'));

  blocks.push({ type: 'divider' }, title('My requests'));
  const mineRoom = HOME_BLOCK_LIMIT - blocks.length - adminBlocks.length;
  if (input.myRequests.length === 0) blocks.push(context('You have not asked for anything yet.'));
  else {
    blocks.push(...fitted(input.myRequests, myRequestBlocks, mineRoom - 1, 'requests'));
    const older = input.totalMine - input.myRequests.length;
    if (older > 0) blocks.push(context(`${older} older requests are not shown.`));
  }
  blocks.push(...adminBlocks);
  return { type: 'home', blocks };
}

const PROJECT_REQUEST_STATUS: Record<ProjectRequest['status'], string> = {
  pending: 'waiting for a bot admin',
  approved: 'approved, being set up',
  done: 'done',
  failed: 'approved, a step failed (the admins can retry)',
  denied: 'denied',
};

function projectRequestLine(request: ProjectRequest): string {
  const what = request.kind === 'archive' ? 'Archive' : 'New project';
  return `• ${what} *${escapeMrkdwn(request.project_name)}*: ${PROJECT_REQUEST_STATUS[request.status]} (asked ${slackDate(request.created_at)})`;
}
