import type { HomeView, KnownBlock } from '@slack/types';
import type { AccessRequest } from '../../db/schema.js';
import { ACCESS_COMMAND } from '../ids.js';
import { escapeMrkdwn, slackDate } from './format.js';

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

export function homeView(input: { myRequests: readonly AccessRequest[]; totalMine: number }): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'OpenAI access' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Type \`${ACCESS_COMMAND}\` anywhere to ask for access to an OpenAI project.`,
      },
    },
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: '*My requests*' } },
  ];
  if (input.myRequests.length === 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'You have not asked for anything yet.' }],
    });
  }
  for (const request of input.myRequests) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${STATUS_EMOJI[request.status]} *${escapeMrkdwn(request.project_name)}* as ${request.role}: ${request.status.replace('_', ' ')}\n_${slackDate(request.created_at)}_ · \`${request.id}\``,
      },
    });
  }
  const rest = input.totalMine - input.myRequests.length;
  if (rest > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${rest} older requests.` }] });
  return { type: 'home', blocks };
}
