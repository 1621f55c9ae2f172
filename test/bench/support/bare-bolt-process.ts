/**
 * The baseline: a bare Bolt app of the same Bolt version, HTTP receiver, one slash command and
 * one action listener that only ack. Same identity options as the bot (so Bolt calls no
 * `auth.test`), same instrumentation (`child-ipc.ts`).
 */
import { App, LogLevel } from '@slack/bolt';
import { reportStartupFailure, serveBenchChannel } from './child-ipc.js';

try {
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN as string,
    signingSecret: process.env.SLACK_SIGNING_SECRET as string,
    botId: process.env.BENCH_BOT_ID as string,
    botUserId: process.env.BENCH_BOT_USER_ID as string,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL as string, retryConfig: { retries: 0 } },
  });
  app.command('/access', async ({ ack }) => {
    await ack();
  });
  app.action('access_approve', async ({ ack }) => {
    await ack();
  });
  const server = await app.start(0);
  serveBenchChannel({ server, stop: () => app.stop() as Promise<void> });
} catch (error) {
  reportStartupFailure(error);
}
