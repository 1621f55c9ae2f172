import type { KnownBlock } from '@slack/types';
import type { AccessRequest } from '../../db/schema.js';
import type { RequestSnapshot } from '../../services/notices.js';
import { ActionIds } from '../ids.js';
import { escapeAndCut, escapeMrkdwn, mention, mentionAll, slackDate, slackDay } from './format.js';
import { plainMessage, type SlackMessage } from './message.js';
import {
  serviceAccountDetails,
  serviceAccountHeadline,
  serviceAccountHomeLine,
  serviceAccountStatusLine,
} from './service-account-text.js';

function roleLabel(role: string): string {
  return role === 'owner' ? 'Owner' : 'Member';
}

function detailsFields(request: AccessRequest): KnownBlock {
  if (request.kind !== 'access') return serviceAccountDetails(request);
  return {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Requester*\n${mention(request.requester_slack_id)}` },
      { type: 'mrkdwn', text: `*Project*\n${escapeMrkdwn(request.project_name)}` },
      { type: 'mrkdwn', text: `*Role*\n${roleLabel(request.role)}` },
      {
        type: 'mrkdwn',
        text: `*Access ends on*\n${request.access_ends_on ? slackDay(request.access_ends_on) : 'No end date'}`,
      },
    ],
  };
}

function justificationSection(request: AccessRequest): KnownBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `*Justification*\n${escapeAndCut(request.justification, 2900)}` },
  };
}

/** One line saying where the request stands, for every copy of every message. */
export function statusLine(snapshot: RequestSnapshot): string {
  const forServiceAccount =
    snapshot.request.kind === 'access' ? undefined : serviceAccountStatusLine(snapshot);
  if (forServiceAccount) return forServiceAccount;
  const { request, decision, approvers, invite } = snapshot;
  const by = decision ? `${mention(decision.decided_by)} on ${slackDate(decision.decided_at)}` : '';
  switch (request.status) {
    case 'pending':
      return `:hourglass_flowing_sand: Waiting for a decision from ${mentionAll(approvers)}.`;
    case 'approved':
      return request.last_error
        ? `:warning: Approved by ${by}, but adding to the project failed: ${escapeMrkdwn(request.last_error)} The bot will try again.`
        : `:white_check_mark: Approved by ${by}. Adding to ${escapeMrkdwn(request.project_name)}…`;
    case 'applied':
      return `:white_check_mark: Approved by ${by}. Added to ${escapeMrkdwn(request.project_name)} as ${request.role}.`;
    case 'awaiting_invite': {
      // The approver hears of the invite only here (no second DM), so the line says when it went out.
      const which = invite
        ? `the invite OpenAI mailed them on ${slackDate(invite.invited_at)}${
            invite.expires_at ? ` (it expires ${slackDate(invite.expires_at)})` : ''
          }`
        : 'their invite';
      return `:white_check_mark: Approved by ${by}. ${escapeMrkdwn(request.requester_email)} has not joined the OpenAI organization yet: access is added as soon as they accept ${which}.`;
    }
    case 'denied': {
      const reason = decision?.reason ? `: “${escapeMrkdwn(decision.reason)}”` : '.';
      return `:no_entry: Denied by ${by}${reason}`;
    }
    case 'cancelled':
      return ':heavy_multiplication_x: Cancelled by the requester.';
    case 'expired':
      return ':hourglass: Expired: nobody decided in time.';
    case 'revoked':
      return ':lock: Access ended and was removed.';
  }
}

function headlineOf({ request, extended }: RequestSnapshot): string {
  if (request.kind !== 'access') return serviceAccountHeadline(request);
  if (request.extends_request_id) {
    const current = extended?.access_ends_on ? slackDay(extended.access_ends_on) : 'its current end date';
    const until = request.access_ends_on ? slackDay(request.access_ends_on) : 'no end date';
    return `*${mention(request.requester_slack_id)} asks to extend their access to ${escapeMrkdwn(request.project_name)}*\nExtension: access now ends ${current}; asked until ${until}.`;
  }
  return `*${mention(request.requester_slack_id)} asks for access to ${escapeMrkdwn(request.project_name)}*`;
}

/** The message an approver sees: the request, and Approve / Deny while it is pending. */
export function approverMessage(snapshot: RequestSnapshot): SlackMessage {
  const { request } = snapshot;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headlineOf(snapshot) } },
    detailsFields(request),
    justificationSection(request),
  ];
  if (request.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: 'decision',
      elements: [
        {
          type: 'button',
          action_id: ActionIds.approveRequest,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value: request.id,
          accessibility_label: `Approve the request of ${request.requester_email} for ${request.project_name}`,
        },
        {
          type: 'button',
          action_id: ActionIds.denyRequest,
          text: { type: 'plain_text', text: 'Deny' },
          style: 'danger',
          value: request.id,
        },
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: statusLine(snapshot) },
      { type: 'mrkdwn', text: `Request \`${request.id}\` · submitted ${slackDate(request.created_at)}` },
    ],
  });
  return {
    text: `${escapeMrkdwn(request.requester_email)} asks for ${request.role} access to ${escapeMrkdwn(request.project_name)}`,
    blocks,
  };
}

/** The requester's own copy: what they asked for, where it stands, and Cancel while pending. */
export function requesterMessage(snapshot: RequestSnapshot): SlackMessage {
  const { request } = snapshot;
  const what = request.extends_request_id ? 'extension of your' : 'request for';
  const headline =
    request.kind !== 'access'
      ? `*Your request: ${serviceAccountHomeLine(request)}*`
      : `*Your ${what} ${roleLabel(request.role).toLowerCase()} access to ${escapeMrkdwn(request.project_name)}*`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
    detailsFields(request),
    justificationSection(request),
    { type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(snapshot) }] },
  ];
  if (request.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: 'requester_actions',
      elements: [
        {
          type: 'button',
          action_id: ActionIds.cancelRequest,
          text: { type: 'plain_text', text: 'Cancel request' },
          value: request.id,
          confirm: {
            title: { type: 'plain_text', text: 'Cancel this request?' },
            text: { type: 'plain_text', text: 'The approvers are told it is no longer needed.' },
            confirm: { type: 'plain_text', text: 'Cancel it' },
            deny: { type: 'plain_text', text: 'Keep it' },
          },
        },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Request \`${request.id}\`` }] });
  return {
    text: `Your request for ${escapeMrkdwn(request.project_name)}: ${request.status.replace('_', ' ')}`,
    blocks,
  };
}

/** What the requester hears once access is in place, whichever path got it there. */
export function youAreInMessage(request: AccessRequest, note?: string): SlackMessage {
  return plainMessage(
    `:white_check_mark: You're in *${escapeMrkdwn(request.project_name)}*, as ${request.role}.${note ? ` ${note}` : ''}${
      request.access_ends_on ? ` Your access ends on ${slackDay(request.access_ends_on)}.` : ''
    } Open platform.openai.com and pick the project to start.`,
  );
}
