import type { Button } from '@slack/types';
import type { AccessRequest, TrackedInvite } from '../../db/schema.js';
import type { InviteHealth } from '../../domain/invite-rules.js';
import { ActionIds } from '../ids.js';
import { escapeMrkdwn, mention, slackDate } from './format.js';
import { plainMessage, type SlackMessage } from './message.js';

export function waitingList(requests: readonly AccessRequest[]): string {
  if (requests.length === 0) return 'no project of the bot';
  return requests.map((r) => `${escapeMrkdwn(r.project_name)} (${r.role})`).join(', ');
}

export function ageText(hours: number): string {
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

/** Who sent an invite: the admins onboard most people from OpenAI's dashboard, by hand. */
export function sentByText(sentByBot: boolean): string {
  return sentByBot ? 'sent by this bot' : 'sent by hand (OpenAI dashboard)';
}

/** Re-send: deletes the invite and sends a new one with the same projects (and role). */
export function resendButton(inviteId: string, label: string): Button {
  return {
    type: 'button',
    action_id: ActionIds.resendInvite,
    text: { type: 'plain_text', text: label },
    value: inviteId,
    confirm: {
      title: { type: 'plain_text', text: 'Re-send the invite?' },
      text: {
        type: 'plain_text',
        text: 'The current invite is deleted and a new one with the same projects is sent.',
      },
      confirm: { type: 'plain_text', text: 'Re-send' },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
}

/** The admin-channel message about an invite nobody accepted; updated in place as it ages. */
export function stalledInviteMessage(input: {
  invite: TrackedInvite;
  health: InviteHealth;
  waiting: readonly AccessRequest[];
}): SlackMessage {
  const { invite, health, waiting } = input;
  const expiry = invite.expires_at ? `expires ${slackDate(invite.expires_at)}` : 'no expiry date';
  const flag = health.expiringSoon ? ' :rotating_light: *Expires within 24 hours.*' : '';
  const lines = [
    `:envelope: *${escapeMrkdwn(invite.email)} has not accepted their OpenAI invite* (pending for ${ageText(health.ageHours)}).${flag}`,
    `Invited ${slackDate(invite.invited_at)} · ${expiry} · ${sentByText(Boolean(invite.sent_by_bot))}`,
    `Waiting on it: ${waitingList(waiting)}`,
  ];
  return {
    text: `${escapeMrkdwn(invite.email)} has not accepted their OpenAI invite (pending for ${ageText(health.ageHours)})`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      {
        type: 'actions',
        block_id: 'invite_actions',
        elements: [resendButton(invite.invite_id, 'Re-send invite')],
      },
    ],
  };
}

/** The admin-channel message once an invite expired or disappeared, offering a new one. */
export function closedInviteMessage(input: {
  invite: TrackedInvite;
  reason: 'expired' | 'gone';
  waiting: readonly AccessRequest[];
}): SlackMessage {
  const { invite, reason, waiting } = input;
  const what =
    reason === 'expired'
      ? `:hourglass: *The OpenAI invite of ${escapeMrkdwn(invite.email)} expired* unaccepted.`
      : `:grey_question: *The OpenAI invite of ${escapeMrkdwn(invite.email)} disappeared* (deleted in the OpenAI dashboard?).`;
  return {
    text: what.replaceAll('*', ''),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${what}\nInvited ${slackDate(invite.invited_at)} · still waiting on it: ${waitingList(waiting)}`,
        },
      },
      {
        type: 'actions',
        block_id: 'invite_actions',
        elements: [
          {
            type: 'button',
            action_id: ActionIds.reinvite,
            style: 'primary',
            text: { type: 'plain_text', text: 'Re-invite' },
            value: invite.invite_id,
          },
        ],
      },
    ],
  };
}

export function replacedInviteMessage(input: {
  invite: TrackedInvite;
  by: string;
  at: Date;
  newExpiry: string | null;
}): SlackMessage {
  const text = `:arrows_counterclockwise: A new OpenAI invite was sent to ${escapeMrkdwn(input.invite.email)} by ${mention(input.by)} on ${slackDate(input.at)}${
    input.newExpiry ? `; it expires ${slackDate(input.newExpiry)}` : ''
  }. The waiting projects carry over.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function inviteeReminder(input: {
  invite: TrackedInvite;
  waiting: readonly AccessRequest[];
}): SlackMessage {
  const expiry = input.invite.expires_at ? ` It expires ${slackDate(input.invite.expires_at)}.` : '';
  const text = `:envelope: You have an invitation to the OpenAI organization in your mailbox (${escapeMrkdwn(
    input.invite.email,
  )}), sent by OpenAI on ${slackDate(input.invite.invited_at)}. If you cannot find it, check your spam folder for a mail from OpenAI.${expiry}\nWaiting for you once you accept: ${waitingList(input.waiting)}.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function invitesOverview(
  rows: readonly {
    email: string;
    invitedAt: string;
    expiresAt: string | null;
    health: InviteHealth;
    waiting: readonly AccessRequest[];
    sentByBot: boolean;
  }[],
): string {
  if (rows.length === 0) return 'No pending OpenAI invites.';
  const shown = rows.slice(0, 40).map((row) => {
    const markers = [
      row.health.stalled ? ':warning: stalled' : '',
      row.health.expiringSoon ? ':rotating_light: expires within 24 h' : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const expiry = row.expiresAt ? ` · expires ${slackDate(row.expiresAt)}` : '';
    return `• *${escapeMrkdwn(row.email)}*: invited ${ageText(row.health.ageHours)} ago, ${sentByText(row.sentByBot)}${expiry} · waiting: ${waitingList(row.waiting)}${markers ? ` · ${markers}` : ''}`;
  });
  const more = rows.length > shown.length ? `\n…and ${rows.length - shown.length} more.` : '';
  return `*${rows.length} pending OpenAI invite${rows.length === 1 ? '' : 's'}*, oldest first:\n${shown.join('\n')}${more}`;
}

/** The thread reply under the admins' card on a later day. */
export function stillStalledReply(health: InviteHealth): SlackMessage {
  return {
    text: `Still not accepted after ${Math.floor(health.ageHours / 24)} days${health.expiringSoon ? ', and it expires within 24 hours' : ''}.`,
    blocks: [],
  };
}

export function inviteAcceptedMessage(email: string, waitingAdded: boolean): SlackMessage {
  return plainMessage(
    `:white_check_mark: ${escapeMrkdwn(email)} accepted their OpenAI invite${waitingAdded ? '; the waiting projects were added' : ''}.`,
  );
}

/** To a person whose invite expired or vanished while approvals waited on it. */
export function closedInviteForRequester(input: {
  email: string;
  reason: 'expired' | 'gone';
  projectNames: readonly string[];
}): SlackMessage {
  const what = input.reason === 'expired' ? 'expired before it was accepted' : 'was withdrawn in OpenAI';
  return plainMessage(
    `:hourglass: Your OpenAI organization invite (${escapeMrkdwn(input.email)}) ${what}. Your approved access (${input.projectNames.map(escapeMrkdwn).join(', ')}) is kept; the bot admins were asked to send a new invite.`,
  );
}
