import type { KnownBlock } from '@slack/types';
import type { CardPerson, OnboardingNotice } from '../../services/onboard-notices.js';
import { ActionIds } from '../ids.js';
import { escapeMrkdwn, mention, slackDate } from './format.js';

import { plainMessage, type SlackMessage } from './message.js';
import { messageLink } from './onboard-modal.js';

type CardNotice = Extract<OnboardingNotice, { kind: 'onboarding.card' }>;

/** People listed per section; the rest are counted ("… and 280 more"): a block holds 3 000 characters. */
const LISTED = 15;

const who = (p: CardPerson) => (p.slackId ? mention(p.slackId) : escapeMrkdwn(p.email));

function listOf(people: readonly CardPerson[], line: (p: CardPerson) => string): string {
  const shown = people.slice(0, LISTED).map((p) => `• ${line(p)}`);
  if (people.length > LISTED) shown.push(`… and ${people.length - LISTED} more`);
  return shown.join('\n');
}

/** The headline: "Alpha · 31 of 40 in · 7 invited and waiting · 2 failed". */
export function cardHeadline(notice: CardNotice): string {
  const { onboarding, progress } = notice;
  const parts = [
    escapeMrkdwn(onboarding.project_name),
    `${progress.in} of ${progress.total} in`,
    `${progress.waiting} invited and waiting`,
    `${progress.failed} failed`,
  ];
  if (progress.left > 0) parts.push(`${progress.left} to go`);
  return parts.join(' · ');
}

export function onboardingCardMessage(notice: CardNotice): SlackMessage {
  const { onboarding, progress } = notice;
  const headline = cardHeadline(notice);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*Onboarding* · ${headline}` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${mention(onboarding.actor_slack_id)} is onboarding ${progress.total} people as ${onboarding.role} · started ${slackDate(onboarding.created_at)}${progress.total > 0 && progress.in === progress.total ? ' · :white_check_mark: everyone is in' : ''}`,
        },
      ],
    },
  ];
  if (notice.waiting.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Invited and waiting* (added the moment they accept):\n${listOf(notice.waiting, (p) => `${who(p)} · waiting ${p.detail}`)}`,
      },
    });
  }
  if (notice.failed.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Failed*:\n${listOf(notice.failed, (p) => `${who(p)}: ${escapeMrkdwn(p.detail)}`)}`,
      },
    });
  }
  if (notice.skipped.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Not onboarded: ${listOf(notice.skipped, (p) => `${who(p)} (${escapeMrkdwn(p.detail)})`)}`,
        },
      ],
    });
  }
  if (notice.nudgedAt) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `The waiting were nudged ${slackDate(notice.nudgedAt)}.` }],
    });
  }
  const buttons = [];
  if (notice.failed.length > 0 && progress.left === 0) {
    buttons.push({
      type: 'button' as const,
      action_id: ActionIds.onboardRetry,
      text: { type: 'plain_text' as const, text: 'Retry' },
      value: onboarding.id,
    });
  }
  if (notice.waiting.length > 0) {
    buttons.push({
      type: 'button' as const,
      action_id: ActionIds.onboardNudge,
      text: { type: 'plain_text' as const, text: 'Nudge the waiting' },
      value: onboarding.id,
    });
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text: `Onboarding: ${headline}`, blocks };
}

/** The App Home's section: each open onboarding of this person, its headline and a link to its card. */
export function onboardingHomeBlocks(cards: readonly CardNotice[]): KnownBlock[] {
  const lines = cards.map((card) => {
    const link = messageLink({ channel: card.onboarding.card_channel, ts: card.onboarding.card_ts });
    return `• ${cardHeadline(card)}${link ? ` · <${link}|card>` : ''}`;
  });
  return [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'My onboardings' } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
  ];
}

export function renderOnboardingNotice(notice: OnboardingNotice): SlackMessage {
  switch (notice.kind) {
    case 'onboarding.card':
      return onboardingCardMessage(notice);
    case 'onboarding.in':
      return plainMessage(
        `:white_check_mark: You're in *${escapeMrkdwn(notice.projectName)}* as ${notice.role}: ${mention(notice.by)} onboarded your group. You can use it at https://platform.openai.com now.`,
      );
    case 'onboarding.nudge':
      return plainMessage(
        `:envelope: ${mention(notice.by)} is waiting for you in *${escapeMrkdwn(notice.projectName)}*. OpenAI sent an invite to ${escapeMrkdwn(notice.email)} (check your spam folder too): accept it and you are added at once.`,
      );
    case 'onboarding.not_in_slack':
      return plainMessage(
        `:warning: ${mention(notice.by)} nudged the people waiting to join *${escapeMrkdwn(notice.projectName)}*. These have no Slack account the bot can find, so reach them another way:\n${notice.emails.map((e) => `• ${escapeMrkdwn(e)}`).join('\n')}`,
      );
  }
}
