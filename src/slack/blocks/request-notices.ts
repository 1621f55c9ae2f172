import type { RequestNotice } from '../../services/notices.js';
import { ActionIds } from '../ids.js';
import { escapeMrkdwn, mention, slackDate, slackDay } from './format.js';
import { messageWithButton, plainMessage, type SlackMessage } from './message.js';
import { approverMessage, requesterMessage, youAreInMessage } from './request-message.js';

type Of<K extends RequestNotice['kind']> = Extract<RequestNotice, { kind: K }>;

/** The message for each notice about a request or a grant. */
export function renderRequestNotice(notice: RequestNotice): SlackMessage {
  switch (notice.kind) {
    case 'request.for_approver':
      return notice.escalatedSince ? escalatedCopy(notice) : approverMessage(notice.snapshot);
    case 'request.for_requester':
      return requesterCopy(notice);
    case 'request.denied': {
      const { request, decidedBy, reason } = notice;
      const because = reason?.trim() ? ` Reason: “${escapeMrkdwn(reason.trim())}”` : ' No reason was given.';
      return plainMessage(
        `:no_entry: Your request for ${request.kind === 'access' ? `${request.role} access to` : 'a service account in'} *${escapeMrkdwn(request.project_name)}* was denied by ${mention(decidedBy)}.${because}`,
      );
    }
    case 'request.applied':
      return youAreInMessage(
        notice.request,
        notice.roleChanged ? 'Your role in the project was changed.' : undefined,
      );
    case 'request.apply_failed':
      return plainMessage(
        `:warning: You approved ${mention(notice.request.requester_slack_id)} for *${escapeMrkdwn(notice.request.project_name)}*, but adding them failed: ${escapeMrkdwn(notice.problem)} The bot will try again.`,
      );
    case 'request.reminder':
      return textOnly(
        `:bell: Reminder: ${mention(notice.request.requester_slack_id)} is still waiting for a decision on *${escapeMrkdwn(notice.request.project_name)}* (asked ${slackDate(notice.request.created_at)}).`,
      );
    case 'request.expired':
      if (notice.request.kind !== 'access') {
        return plainMessage(
          `:hourglass: Nobody decided on your service-account request for *${escapeMrkdwn(notice.request.project_name)}* within ${notice.ttlDays} days, so it expired. Ask again with \`/access service-account ${escapeMrkdwn(notice.request.project_name)}\`.`,
        );
      }
      return messageWithButton(
        `:hourglass: Nobody decided on your request for *${escapeMrkdwn(notice.request.project_name)}* within ${notice.ttlDays} days, so it expired. You can ask again in one click.`,
        {
          actionId: ActionIds.requestAgain,
          label: 'Request again',
          value: notice.request.id,
          style: 'primary',
        },
      );
    case 'request.pre_assigned':
      return plainMessage(preAssignedText(notice));
    case 'request.invite_failed':
      return plainMessage(
        `:warning: Approved, but sending the OpenAI invite to ${escapeMrkdwn(notice.email)} failed: ${escapeMrkdwn(notice.problem)} The bot will try again.`,
      );
    case 'request.applied_after_invite': {
      const r = notice.request;
      return plainMessage(
        notice.audience === 'requester'
          ? `:white_check_mark: You're in *${escapeMrkdwn(r.project_name)}*, as ${r.role}.`
          : `:white_check_mark: ${mention(r.requester_slack_id)} accepted their OpenAI invite and is now in *${escapeMrkdwn(r.project_name)}* as ${r.role}, as you approved.`,
      );
    }
    case 'grant.ending': {
      const { grant } = notice;
      return messageWithButton(
        `:alarm_clock: Your ${grant.role} access to *${escapeMrkdwn(grant.project_name)}* ends ${slackDay(grant.access_ends_on ?? '')} (in 24 hours). Still need it? Ask the project's owners for more time.`,
        { actionId: ActionIds.extendGrant, label: 'Extend', value: grant.id, style: 'primary' },
      );
    }
    case 'grant.ended': {
      const { grant } = notice;
      const what =
        notice.done === 'remove'
          ? 'was removed'
          : notice.done === 'restore_role'
            ? `ended; you are back to ${notice.restoredRole}`
            : 'ended (you keep the membership you had before)';
      return plainMessage(
        `:lock: Your ${grant.role} access to *${escapeMrkdwn(grant.project_name)}* reached its end date and ${what}. Type \`/access request ${escapeMrkdwn(grant.project_name)}\` if you need it again.`,
      );
    }
    case 'grant.restore_failed':
      return plainMessage(
        `:warning: ${mention(notice.grant.requester_slack_id)}'s access to *${escapeMrkdwn(notice.grant.project_name)}* was extended while its old end date was being applied, and adding them back as ${notice.grant.role} failed: ${escapeMrkdwn(notice.problem)} Please add them again in OpenAI (or ask them to request access again).`,
      );
    case 'grant.removal_failed':
      return plainMessage(
        `:warning: Could not remove ${mention(notice.grant.requester_slack_id)} from *${escapeMrkdwn(notice.grant.project_name)}* on their end date: ${escapeMrkdwn(notice.problem)} The bot retries on every sweep until it works.`,
      );
  }
}

/** A thread reply: text only, as Slack shows it under the message. */
function textOnly(text: string): SlackMessage {
  return { text, blocks: [] };
}

function escalatedCopy(notice: Of<'request.for_approver'>): SlackMessage {
  const message = approverMessage(notice.snapshot);
  return {
    text: `Escalated: ${message.text}`,
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `:rotating_light: Escalated to the bot admins: no owner decided since ${slackDate(notice.escalatedSince ?? notice.snapshot.request.created_at)}.`,
          },
        ],
      },
      ...message.blocks,
    ],
  };
}

/** The requester's copy names who was asked in its status line; a note says when that was a fallback. */
function requesterCopy(notice: Of<'request.for_requester'>): SlackMessage {
  const copy = requesterMessage(notice.snapshot);
  const note = routingText(notice.routing);
  if (!note) return copy;
  return {
    text: `${copy.text}. ${note}`,
    blocks: [...copy.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }],
  };
}

function routingText(routing: Of<'request.for_requester'>['routing']): string | undefined {
  switch (routing?.kind) {
    case undefined:
      return undefined;
    case 'posted_in_admin_channel':
      return `No owner or bot admin could be reached directly; the request was posted in <#${routing.channel}>.`;
    case 'nobody_reachable':
      return 'No owner of the project and no bot admin could be reached in Slack. Ask an OpenAI org owner to set ACCESS_ADMINS.';
    case 'went_to_bot_admins':
      return 'It went to the bot admins: no owner of the project could be reached in Slack.';
  }
}

function preAssignedText(notice: Of<'request.pre_assigned'>): string {
  const r = notice.request;
  const name = escapeMrkdwn(r.project_name);
  const email = escapeMrkdwn(notice.email);
  const sentOn = slackDate(notice.invitedAt);
  const expires = notice.expiresAt ? `; it expires ${slackDate(notice.expiresAt)}` : '';
  return `:white_check_mark: Approved! You'll be added to *${name}* as ${r.role} as soon as you accept your invitation to the OpenAI organization. ${
    notice.inviteCreated ? 'OpenAI just mailed it' : 'OpenAI mailed it'
  } to ${email} on ${sentOn}${expires}. Can't find it? Check your spam folder for a mail from OpenAI.`;
}
