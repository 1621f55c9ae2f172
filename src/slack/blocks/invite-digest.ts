import type { KnownBlock } from '@slack/types';
import type { AccessRequest, TrackedInvite } from '../../db/schema.js';
import type { DigestResolved, StalledInviteLine } from '../../services/notices.js';
import { ACCESS_COMMAND } from '../ids.js';
import { escapeMrkdwn, slackDate } from './format.js';
import { ageText, resendButton, sentByText, waitingList } from './invite-messages.js';
import { plainMessage, type SlackMessage } from './message.js';

/**
 * Invites listed with their own line and Re-send button: one section each, so a digest stays
 * within Slack's 50 blocks per message with room for its head and foot.
 */
export const DIGEST_LINES = 40;

function digestLine(line: StalledInviteLine): KnownBlock {
  const { invite, health, waiting } = line;
  const flag = health.expiringSoon ? ' · :rotating_light: expires within 24 hours' : '';
  const waits = waiting.length > 0 ? ` · waiting: ${waitingList(waiting)}` : '';
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*${escapeMrkdwn(invite.email)}*, invited ${slackDate(invite.invited_at)}, ${sentByText(Boolean(invite.sent_by_bot))}${waits}${flag}`,
    },
    accessory: resendButton(invite.invite_id, 'Re-send'),
  };
}

function resolvedText(resolved: DigestResolved): string {
  return [
    resolved.accepted ? `${resolved.accepted} accepted` : '',
    resolved.resent ? `${resolved.resent} re-sent` : '',
    resolved.joined ? `${resolved.joined} joined another way` : '',
    resolved.closed ? `${resolved.closed} expired or withdrawn` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The admins' one message about many invites that stalled at once; updated in place. */
export function inviteDigestMessage(input: {
  stallAfterHours: number;
  pending: readonly StalledInviteLine[];
  resolved: DigestResolved;
}): SlackMessage {
  const { pending, resolved, stallAfterHours } = input;
  const since = resolvedText(resolved);
  const footer: KnownBlock[] = since
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Since this list was posted: ${since}.` }] }]
    : [];
  if (pending.length === 0) {
    const text = ':white_check_mark: None of the invites in this list is pending any more.';
    return { text, blocks: [...plainMessage(text).blocks, ...footer] };
  }
  const count = `${pending.length} OpenAI invite${pending.length === 1 ? ' has' : 's have'}`;
  const head = `:envelope: *${count} not been accepted* for more than ${ageText(stallAfterHours)}. Re-send deletes an invite and sends a new one with the same projects; invitees who are in Slack are asked to check their mail and spam.`;
  const shown = pending.slice(0, DIGEST_LINES);
  const more: KnownBlock[] =
    pending.length > shown.length
      ? [
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: `…and ${pending.length - shown.length} more: \`${ACCESS_COMMAND} invites\` lists every pending invite.`,
              },
            ],
          },
        ]
      : [];
  return {
    text: `${count} not been accepted for more than ${ageText(stallAfterHours)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      ...shown.map(digestLine),
      ...more,
      ...footer,
    ],
  };
}

/** The admins' card about an invite once its invitee is in the org without it. */
export function joinedInviteMessage(input: {
  invite: TrackedInvite;
  applied: readonly AccessRequest[];
}): SlackMessage {
  const added =
    input.applied.length > 0
      ? ` Added what waited on it: ${waitingList(input.applied)}.`
      : ' Nothing of the bot waited on it.';
  return plainMessage(
    `:white_check_mark: *${escapeMrkdwn(input.invite.email)} is in the OpenAI organization* without this invite (another invite, or single sign-on).${added}`,
  );
}
