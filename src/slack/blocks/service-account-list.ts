import type { KnownBlock } from '@slack/types';
import type { Project } from '../../openai/admin-types.js';
import type { AccountLine } from '../../services/service-account-admin.js';
import { ActionIds } from '../ids.js';
import { escapeMrkdwn, mention, slackDate, slackDay } from './format.js';
import type { SlackMessage } from './message.js';

const when = (unix: number) => slackDate(new Date(unix * 1000));

function keyLine(key: AccountLine['keys'][number]): string {
  const used = key.lastUsedAt ? `last used ${when(key.lastUsedAt)}` : 'never used';
  return `\`${escapeMrkdwn(key.redacted)}\` created ${when(key.createdAt)}, ${used}`;
}

/** `/access service-accounts <project>`: each account with its keys and who asked, Rotate and Delete. */
export function serviceAccountList(project: Project, accounts: readonly AccountLine[]): SlackMessage {
  const title = `*Service accounts of ${escapeMrkdwn(project.name)}*`;
  if (accounts.length === 0) {
    return {
      text: `No service accounts in ${escapeMrkdwn(project.name)}`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `${title}\nNone yet. Ask for one with \`/access service-account ${escapeMrkdwn(project.name)}\`.`,
          },
        },
      ],
    };
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: title } }];
  // Slack allows 50 blocks per message: two per account, the rest summarised.
  for (const line of accounts.slice(0, 24)) {
    const { account } = line;
    const asked = line.requestedBy ? `asked for by ${mention(line.requestedBy)}` : 'made outside the bot';
    const ends = line.endsOn ? `, removed on ${slackDay(line.endsOn)}` : '';
    const keys = line.keys.length > 0 ? line.keys.map(keyLine).join('\n') : 'No keys.';
    const value = `${project.id}:${account.id}`;
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${escapeMrkdwn(account.name)}* (role ${escapeMrkdwn(account.role)}), created ${when(account.created_at)}, ${asked}${ends}\n${keys}`,
        },
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ActionIds.rotateServiceAccount,
            text: { type: 'plain_text', text: 'Rotate' },
            value,
          },
          {
            type: 'button',
            action_id: ActionIds.deleteServiceAccount,
            text: { type: 'plain_text', text: 'Delete' },
            style: 'danger',
            value,
          },
        ],
      },
    );
  }
  if (accounts.length > 24) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${accounts.length - 24} more.` }],
    });
  }
  return { text: `Service accounts of ${escapeMrkdwn(project.name)}`, blocks };
}
