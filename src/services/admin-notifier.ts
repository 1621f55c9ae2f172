import type { Logger } from '../logger.js';
import { plainMessage, type SlackMessage } from '../slack/blocks/request-message.js';
import { type PostedMessage, SlackCallError, type SlackGateway } from './slack-gateway.js';

/**
 * The one way to tell the bot admins something: a post in ADMIN_CHANNEL, or DMs to each bot
 * admin when no channel is set or Slack refuses the channel (not invited, archived, wrong id),
 * with a word about why, so a misconfigured channel never swallows an alert.
 */
export class AdminNotifier {
  constructor(
    private readonly deps: {
      slack: SlackGateway;
      logger: Logger;
      botAdmins: readonly string[];
      adminChannel: string | undefined;
    },
  ) {}

  /** The channel post (kept so it can be updated in place), or undefined when it went by DM. */
  async post(message: SlackMessage): Promise<PostedMessage | undefined> {
    const { slack, logger, adminChannel } = this.deps;
    if (adminChannel) {
      try {
        return await slack.post(adminChannel, message);
      } catch (error) {
        const code = error instanceof SlackCallError ? error.code : String(error);
        logger.error(
          `Could not post in ADMIN_CHANNEL ${adminChannel} (${code}); sending to the bot admins by DM instead`,
        );
        await this.dmAll({
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
        });
        return undefined;
      }
    }
    await this.dmAll(message);
    return undefined;
  }

  async update(target: PostedMessage, message: SlackMessage): Promise<void> {
    await this.deps.slack
      .update(target, message)
      .catch((error: unknown) =>
        this.deps.logger.warn(`Could not update the admin message ${target.ts}: ${String(error)}`),
      );
  }

  async say(text: string): Promise<void> {
    await this.post(plainMessage(text));
  }

  private async dmAll(message: SlackMessage): Promise<void> {
    const { slack, logger, botAdmins } = this.deps;
    if (botAdmins.length === 0)
      logger.error(`Nobody to tell (no ADMIN_CHANNEL, no ACCESS_ADMINS): ${message.text}`);
    for (const admin of botAdmins) {
      await slack
        .sendDm(admin, message)
        .catch((error: unknown) => logger.warn(`Could not DM admin ${admin}: ${String(error)}`));
    }
  }
}
