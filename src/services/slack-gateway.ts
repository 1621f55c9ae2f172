import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface OutgoingMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** The Slack calls the services make; the notifier and directory are built on this. */
export interface SlackGateway {
  /** The person's email in Slack, when they have a confirmed one. */
  emailOf(userId: string): Promise<string | undefined>;
  /** The Slack user with that email, or undefined when Slack has nobody (users_not_found). */
  userIdByEmail(email: string): Promise<string | undefined>;
  sendDm(userId: string, message: OutgoingMessage): Promise<PostedMessage>;
  post(channel: string, message: OutgoingMessage & { threadTs?: string }): Promise<PostedMessage>;
  update(target: PostedMessage, message: OutgoingMessage): Promise<void>;
  ephemeral(channel: string, userId: string, text: string): Promise<void>;
  openView(triggerId: string, view: ModalView): Promise<{ id: string; hash: string }>;
  updateView(viewId: string, view: ModalView, hash?: string): Promise<void>;
  publishHome(userId: string, view: HomeView): Promise<void>;
  /** Uploads a file into the person's DM with the bot (files.uploadV2: URL, upload, complete). */
  uploadToDm(userId: string, file: UploadedFile): Promise<void>;
}

export interface UploadedFile {
  filename: string;
  title: string;
  content: string;
  /** The message posted with the file. */
  comment: string;
}

/** A Slack Web API refusal (`ok: false`), carrying Slack's error code, e.g. `channel_not_found`. */
export class SlackCallError extends Error {
  override name = 'SlackCallError';
  constructor(
    readonly method: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`Slack refused ${method}: ${code}`, options);
  }
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new SlackCallError(method, slackErrorCode(error) ?? 'request_failed', { cause: error });
  }
}

export function createSlackGateway(client: WebClient): SlackGateway {
  const dmChannels = new Map<string, string>();

  const dmChannelOf = async (userId: string): Promise<string> => {
    const known = dmChannels.get(userId);
    if (known) return known;
    const opened = await call('conversations.open', () => client.conversations.open({ users: userId }));
    const channel = opened.channel?.id;
    if (!channel) throw new SlackCallError('conversations.open', 'no_channel_returned');
    dmChannels.set(userId, channel);
    return channel;
  };

  return {
    async emailOf(userId) {
      try {
        const { user } = await client.users.info({ user: userId });
        if (!user || user.deleted || user.is_bot) return undefined;
        if ((user as { is_email_confirmed?: boolean }).is_email_confirmed === false) return undefined;
        return user.profile?.email ?? undefined;
      } catch (error) {
        if (slackErrorCode(error) === 'user_not_found') return undefined;
        throw new SlackCallError('users.info', slackErrorCode(error) ?? 'request_failed', { cause: error });
      }
    },

    async userIdByEmail(email) {
      try {
        const { user } = await client.users.lookupByEmail({ email });
        return user && !user.deleted ? user.id : undefined;
      } catch (error) {
        if (slackErrorCode(error) === 'users_not_found') return undefined;
        throw new SlackCallError('users.lookupByEmail', slackErrorCode(error) ?? 'request_failed', {
          cause: error,
        });
      }
    },

    async sendDm(userId, message) {
      const channel = await dmChannelOf(userId);
      const posted = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
        }),
      );
      return { channel: posted.channel ?? channel, ts: posted.ts as string };
    },

    async post(channel, message) {
      const posted = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        }),
      );
      return { channel: posted.channel ?? channel, ts: posted.ts as string };
    },

    async update(target, message) {
      await call('chat.update', () =>
        client.chat.update({
          channel: target.channel,
          ts: target.ts,
          text: message.text,
          blocks: message.blocks ?? [],
        }),
      );
    },

    async ephemeral(channel, userId, text) {
      await call('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user: userId, text }));
    },

    async openView(triggerId, view) {
      const opened = await call('views.open', () => client.views.open({ trigger_id: triggerId, view }));
      return { id: opened.view?.id ?? '', hash: opened.view?.hash ?? '' };
    },

    async updateView(viewId, view, hash) {
      await call('views.update', () =>
        client.views.update({ view_id: viewId, view, ...(hash ? { hash } : {}) }),
      );
    },

    async publishHome(userId, view) {
      await call('views.publish', () => client.views.publish({ user_id: userId, view }));
    },

    async uploadToDm(userId, file) {
      const channel = await dmChannelOf(userId);
      await call('files.uploadV2', () =>
        client.filesUploadV2({
          channel_id: channel,
          file: Buffer.from(file.content, 'utf8'),
          filename: file.filename,
          title: file.title,
          initial_comment: file.comment,
        }),
      );
    },
  };
}
