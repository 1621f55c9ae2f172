import type { KnownBlock } from '@slack/types';
import {
  type Colleague,
  keysIn,
  type OffboardingFacts,
  type OwnedKey,
  RECENT_KEY_DAYS,
  recentlyUsedKeys,
  soleOwnerProjects,
} from '../../domain/offboarding.js';
import type { OffboardingCardView, OffboardingNotice } from '../../services/offboarding-notices.js';
import { ActionIds } from '../ids.js';
import { cutToLength, escapeMrkdwn, mention, slackDate } from './format.js';
import type { SlackMessage } from './message.js';

/** Section texts stay under Slack's 3000 characters, however many projects and keys a person had. */
const SECTION_CHARS = 2900;

/** "Bob Example (bob@uni.example)", escaped; the Slack mention when known. */
export function personLabel(facts: Pick<OffboardingFacts, 'name' | 'email' | 'openaiUserId'>): string {
  const name = facts.name ? escapeMrkdwn(facts.name) : undefined;
  const email = facts.email ? escapeMrkdwn(facts.email) : undefined;
  if (name && email) return `*${name}* (${email})`;
  return `*${name ?? email ?? escapeMrkdwn(facts.openaiUserId)}*`;
}

const colleagueName = (c: Colleague) => escapeMrkdwn(c.name || c.email || c.openaiUserId);

export function keyLine(key: OwnedKey, recent: boolean): string {
  const used = key.lastUsedAt ? `last used ${slackDate(key.lastUsedAt)}` : 'never used';
  const warning = recent ? ' :warning: _something may still run on this key_' : '';
  return `\`${escapeMrkdwn(key.redactedValue)}\` “${escapeMrkdwn(key.name || 'unnamed')}”, ${used}${warning}`;
}

/** The admins' card: who, their org role, projects and roles, keys per project, what would break. */
export function offboardingCard(view: OffboardingCardView): SlackMessage {
  const { facts, card } = view;
  const who = personLabel(facts);
  const slack = facts.slackUserId ? ` ${mention(facts.slackUserId)}` : '';
  const recent = new Set(recentlyUsedKeys(facts, new Date(view.asOf)).map((k) => k.id));
  const sole = new Set(soleOwnerProjects(facts).map((p) => p.projectId));

  const projectLines = facts.projects.map((p) => {
    const lines = [`• *${escapeMrkdwn(p.projectName)}*: ${p.role}`];
    if (sole.has(p.projectId)) {
      const takers = p.otherMembers.map(colleagueName).join(', ');
      lines.push(
        `   :warning: ${escapeMrkdwn(p.projectName)} would have no owner. ${takers ? `Could take over: ${takers}.` : 'Nobody else is a member.'}`,
      );
    }
    const keys = keysIn(facts, p.projectId);
    for (const key of keys) lines.push(`   ◦ ${keyLine(key, recent.has(key.id))}`);
    if (keys.length === 0 && facts.keysListed) lines.push('   ◦ no API keys of theirs');
    return lines.join('\n');
  });
  const keyNote = facts.keysListed ? '' : '\n_The API keys could not be listed; check them in OpenAI._';
  const body = [
    `*Org role:* ${escapeMrkdwn(facts.orgRole ?? 'unknown')}`,
    facts.projects.length
      ? `*Projects, roles and their API keys:*\n${projectLines.join('\n')}${keyNote}`
      : `*Projects:* none${keyNote}`,
  ].join('\n');
  const flags: string[] = [];
  if (recent.size > 0)
    flags.push(
      `:warning: ${recent.size} key${recent.size === 1 ? '' : 's'} used in the last ${RECENT_KEY_DAYS} days: something may still run on ${recent.size === 1 ? 'it' : 'them'}.`,
    );
  for (const p of facts.projects.filter((x) => sole.has(x.projectId)))
    flags.push(`:warning: ${escapeMrkdwn(p.projectName)} would have no owner.`);

  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:bust_in_silhouette: ${who}${slack} was deactivated in Slack.${card.status === 'open' || card.status === 'failed' ? ' They are still in the OpenAI organization.' : ''}`,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: cutToLength(body, SECTION_CHARS) } },
  ];
  if (flags.length)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: cutToLength(flags.join('\n'), SECTION_CHARS) },
    });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(view) }] });
  const buttons = buttonsFor(card.status, card.id);
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'offboarding_buttons', elements: buttons });
  const plainWho = facts.name || facts.email || facts.openaiUserId;
  return { text: `${escapeMrkdwn(plainWho)} was deactivated in Slack: ${card.status}`, blocks };
}

function statusLine(view: OffboardingCardView): string {
  const { card, facts, outcome } = view;
  const by = card.decided_by ? mention(card.decided_by) : 'someone';
  const at = card.decided_at ? ` ${slackDate(card.decided_at)}` : '';
  const keyCount = facts.keys.length;
  switch (card.status) {
    case 'open':
      return `Raised ${slackDate(card.created_at)}${card.raised_by === 'reconciliation' ? ' by the daily check of Slack accounts' : ''}. Bot admins decide: remove from OpenAI, or keep.`;
    case 'removing':
      return `:hourglass_flowing_sand: ${by} is removing them from OpenAI…`;
    case 'failed':
      if (view.removalUnknown) return `:x: Removal interrupted${at}: ${escapeMrkdwn(card.problem ?? '')}`;
      return `:x: Removal failed${at}: ${escapeMrkdwn(card.problem ?? 'unknown error')} Not done: they are still in the OpenAI organization${keyCount ? ` and their ${keyCount} API key${keyCount === 1 ? '' : 's'} still work` : ''}. Retry, or keep them.`;
    case 'removed': {
      const told =
        outcome?.told.map((t) => `${escapeMrkdwn(t.projectName)} (${t.slackIds.map(mention).join(', ')})`) ??
        [];
      const notTold =
        outcome?.notTold.map((n) => `${escapeMrkdwn(n.projectName)}: ${escapeMrkdwn(n.why)}`) ?? [];
      return [
        `:white_check_mark: Removed from OpenAI by ${by}${at}${outcome?.result === 'already_gone' ? ' (OpenAI had already removed them)' : ''}.`,
        keyCount
          ? `Their ${keyCount} API key${keyCount === 1 ? '' : 's'} stopped working.`
          : 'They had no API keys.',
        told.length ? `Owners told: ${told.join('; ')}.` : '',
        notTold.length ? `Not told: ${notTold.join('; ')}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'kept':
      return `:large_green_circle: Kept in OpenAI by ${by}${at}: “${escapeMrkdwn(card.reason ?? '')}”`;
    case 'reactivated':
      return `:arrows_counterclockwise: Reactivated in Slack ${slackDate(card.updated_at)} before anyone decided; nothing was changed.`;
  }
}

function buttonsFor(status: OffboardingCardView['card']['status'], cardId: string) {
  if (status !== 'open' && status !== 'failed') return [];
  return [
    {
      type: 'button' as const,
      action_id: ActionIds.offboardRemove,
      text: {
        type: 'plain_text' as const,
        text: status === 'failed' ? 'Retry removal' : 'Remove from OpenAI',
      },
      style: 'danger' as const,
      value: cardId,
    },
    {
      type: 'button' as const,
      action_id: ActionIds.offboardKeep,
      text: { type: 'plain_text' as const, text: 'Keep' },
      value: cardId,
    },
  ];
}

/** To an owner of a project the person was in: which of their keys stopped working. */
export function keysStoppedMessage(
  notice: Extract<OffboardingNotice, { kind: 'offboarding.keys_stopped' }>,
): SlackMessage {
  const who = personLabel({ ...notice.person, openaiUserId: 'a former member' });
  const project = escapeMrkdwn(notice.projectName);
  const keys = notice.keys.length
    ? `Their API keys in *${project}* stopped working:\n${notice.keys.map((k) => `• ${keyLine(k, false)}`).join('\n')}\nIf something ran on them, give it a new key (a service account's, for production).`
    : `They had no API keys in *${project}*.`;
  const text = `${who} was removed from the OpenAI organization by ${mention(notice.removedBy)}, and so from *${project}*, which you own. ${keys}`;
  return {
    text: cutToLength(text, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: cutToLength(text, SECTION_CHARS) } }],
  };
}
