import type { ProjectNotice } from '../../services/notices.js';
import { escapeMrkdwn } from './format.js';
import { plainMessage, type SlackMessage } from './message.js';

/** OpenAI recommends 2–3 owners per project; this tells the admins when a project has none or more. */
export function ownerCountMessage(notice: ProjectNotice): SlackMessage {
  const name = escapeMrkdwn(notice.projectName);
  return plainMessage(
    notice.problem === 'none'
      ? `:busts_in_silhouette: *${name}* has no owner: nobody can manage its members, keys or limits. OpenAI recommends 2–3 owners.`
      : `:busts_in_silhouette: *${name}* has ${notice.ownerNames.length} owners (${notice.ownerNames
          .map(escapeMrkdwn)
          .join(', ')}). OpenAI recommends 2–3: consider making some of them members.`,
  );
}
