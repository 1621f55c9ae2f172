import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { HomeData } from '../../services/home.js';
import type { Notice } from '../../services/notices.js';
import type { Notifier, OutgoingFile, SentMessage } from '../../services/notifier.js';
import { homeView } from '../blocks/home.js';
import type { SlackMessage } from '../blocks/message.js';
import { SlackCallError } from '../slack-call-error.js';
import { renderNotice } from './render-notice.js';
import { type SlackDelivery, slackDelivery } from './slack-delivery.js';

export interface SlackNotifierOptions {
  client: WebClient;
  logger: Logger;
  botAdmins: readonly string[];
  adminChannel: string | undefined;
  /** What a person's App Home shows; read only when their tab is published. */
  homeOf: (slackId: string) => Promise<HomeData>;
}

/**
 * The services' `Notifier`, in Slack: renders each notice with the pure builders of
 * `slack/blocks/` and delivers it. The admins are reached in ADMIN_CHANNEL, or by DM to each bot
 * admin when no channel is set or Slack refuses it (not invited, archived, wrong id), with a
 * word about why, so a misconfigured channel never swallows an alert.
 */
export class SlackNotifier implements Notifier {
  readonly #send: SlackDelivery;
  /**
   * People who opened their Home tab since this process started. Only their tabs are kept fresh
   * on every change: a Home nobody looks at is published when it is next opened, which saves
   * Slack calls (views.publish is rate-limited) and work after every click.
   */
  readonly #watching = new Set<string>();

  constructor(private readonly options: SlackNotifierOptions) {
    this.#send = slackDelivery(options.client);
  }

  toPerson(slackId: string, notice: Notice): Promise<SentMessage> {
    return this.#send.dm(slackId, renderNotice(notice));
  }

  /**
   * A listener's private answer where it has no response_url (a click in the App Home, a modal
   * submission): plain text, to the person's DM with the bot.
   */
  async answerPrivately(slackId: string, text: string): Promise<void> {
    await this.#send.post(slackId, { text, blocks: [] });
  }

  async toAdmins(notice: Notice): Promise<SentMessage | undefined> {
    const { logger, adminChannel } = this.options;
    const message = renderNotice(notice);
    if (!adminChannel) {
      await this.#dmAdmins(message, 'no ADMIN_CHANNEL is set');
      return undefined;
    }
    try {
      return await this.#send.post(adminChannel, message);
    } catch (error) {
      const code = error instanceof SlackCallError ? error.code : String(error);
      logger.error(
        `Could not post in ADMIN_CHANNEL ${adminChannel} (${code}); sending to the bot admins by DM instead`,
      );
      await this.#dmAdmins(
        {
          text: message.text,
          blocks: [
            ...message.blocks,
            {
              type: 'context',
              elements: [
                {
                  type: 'mrkdwn',
                  text: `:warning: This was meant for <#${adminChannel}>, but Slack refused it (${code}). Invite the bot there or fix ADMIN_CHANNEL.`,
                },
              ],
            },
          ],
        },
        `ADMIN_CHANNEL ${adminChannel} refused it (${code})`,
      );
      return undefined;
    }
  }

  toChannel(channel: string, notice: Notice): Promise<SentMessage> {
    return this.#send.post(channel, renderNotice(notice));
  }

  inThread(parent: SentMessage, notice: Notice): Promise<SentMessage> {
    return this.#send.post(parent.channel, renderNotice(notice), parent.ts);
  }

  replace(target: SentMessage, notice: Notice): Promise<void> {
    return this.#send.update(target, renderNotice(notice));
  }

  sendFile(slackId: string, file: OutgoingFile, notice: Notice): Promise<void> {
    return this.#send.uploadToDm(slackId, file, renderNotice(notice).text);
  }

  async peopleChanged(slackIds: Iterable<string>): Promise<void> {
    for (const slackId of new Set(slackIds)) {
      if (!this.#watching.has(slackId)) continue;
      await this.publishHome(slackId).catch((error: unknown) =>
        this.options.logger.warn(`Could not refresh the App Home of ${slackId}: ${String(error)}`),
      );
    }
  }

  /** `app_home_opened`: publish, and keep this person's tab fresh from now on. */
  async homeOpened(slackId: string): Promise<void> {
    this.#watching.add(slackId);
    await this.publishHome(slackId);
  }

  async publishHome(slackId: string): Promise<void> {
    await this.#send.publishHome(slackId, homeView(await this.options.homeOf(slackId)));
  }

  /** DMs every bot admin; throws when not one of them got it (the caller keeps the news for later). */
  async #dmAdmins(message: SlackMessage, why: string): Promise<void> {
    const { logger, botAdmins } = this.options;
    let reached = 0;
    for (const admin of botAdmins) {
      await this.#send.dm(admin, message).then(
        () => {
          reached += 1;
        },
        (error: unknown) => logger.warn(`Could not DM admin ${admin}: ${String(error)}`),
      );
    }
    if (reached > 0) return;
    const problem = `Nobody was told (${why}; ${botAdmins.length === 0 ? 'no ACCESS_ADMINS' : 'no bot admin could be DMed'}): ${message.text}`;
    logger.error(problem);
    throw new Error(problem);
  }
}
