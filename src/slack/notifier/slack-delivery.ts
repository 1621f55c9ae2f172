import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { OutgoingFile, SentMessage } from '../../services/notifier.js';
import type { SlackMessage } from '../blocks/message.js';
import { SlackCallError, slackCall } from '../slack-call-error.js';

/**
 * The Web API calls that send something: the only place in the bot that calls `chat.*`,
 * `conversations.open`, `views.publish` and `files.*` (a test keeps it so). Private to the
 * notifier; the DM channel of each person is opened once per process.
 */
export function slackDelivery(client: WebClient) {
  const dmChannels = new Map<string, string>();

  const dmChannelOf = async (userId: string): Promise<string> => {
    const known = dmChannels.get(userId);
    if (known) return known;
    const opened = await slackCall('conversations.open', () => client.conversations.open({ users: userId }));
    const channel = opened.channel?.id;
    if (!channel) throw new SlackCallError('conversations.open', 'no_channel_returned');
    dmChannels.set(userId, channel);
    return channel;
  };

  const post = async (channel: string, message: SlackMessage, threadTs?: string): Promise<SentMessage> => {
    const posted = await slackCall('chat.postMessage', () =>
      client.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
    return { channel: posted.channel ?? channel, ts: posted.ts as string };
  };

  return {
    post,

    async dm(userId: string, message: SlackMessage): Promise<SentMessage> {
      return post(await dmChannelOf(userId), message);
    },

    async update(target: SentMessage, message: SlackMessage): Promise<void> {
      await slackCall('chat.update', () =>
        client.chat.update({
          channel: target.channel,
          ts: target.ts,
          text: message.text,
          blocks: message.blocks,
        }),
      );
    },

    async publishHome(userId: string, view: HomeView): Promise<void> {
      await slackCall('views.publish', () => client.views.publish({ user_id: userId, view }));
    },

    /** files.uploadV2: get an upload URL, upload, complete into the person's DM. */
    async uploadToDm(userId: string, file: OutgoingFile, comment: string): Promise<void> {
      const channel = await dmChannelOf(userId);
      await slackCall('files.uploadV2', () =>
        client.filesUploadV2({
          channel_id: channel,
          file: Buffer.from(file.content, 'utf8'),
          filename: file.filename,
          title: file.title,
          initial_comment: comment,
        }),
      );
    },
  };
}

export type SlackDelivery = ReturnType<typeof slackDelivery>;
