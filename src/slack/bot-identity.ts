import type { Logger } from '@slack/bolt';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRequestError, WebClient } from '@slack/web-api';

/** Slack's error codes are snake_case words; anything else in `error` came from a server that is not Slack. */
const SLACK_ERROR_CODE = /^[a-z][a-z0-9_]*$/;

/**
 * Who the bot is in Slack, asked once at start-up (auth.test) so Bolt does not ask on its own and
 * crash. A failure stops start-up with a message that says which setting to look at: a token
 * Slack refused (SLACK_BOT_TOKEN) is not the same fix as a Slack that cannot be reached at all
 * (SLACK_API_URL, the network).
 *
 * @throws Error, e.g. "Could not reach Slack at http://127.0.0.1:9/api/ (auth.test: ECONNREFUSED); …"
 */
export async function botIdentity(input: {
  token: string;
  slackApiUrl: string;
  logger: Logger;
  retries: number;
}): Promise<{ botId: string; botUserId: string }> {
  const client = new WebClient(input.token, {
    slackApiUrl: input.slackApiUrl,
    // Without it, the client prints its own notices (rate limits, retries) to the console as plain text.
    logger: input.logger,
    retryConfig: { retries: input.retries, factor: 2, minTimeout: 500, maxTimeout: 4000 },
  });
  try {
    const auth = await client.auth.test();
    return { botId: auth.bot_id as string, botUserId: auth.user_id as string };
  } catch (error) {
    throw new Error(startUpFailure(error, input.slackApiUrl), { cause: error });
  }
}

function startUpFailure(error: unknown, url: string): string {
  const notSlack = `SLACK_API_URL is ${url}, which did not answer as the Slack Web API`;
  const check = 'check SLACK_API_URL (default https://slack.com/api/) and the network.';
  if (error instanceof WebAPIRequestError) {
    // fetch says "fetch failed"; the reason (refused, unknown host, timed out) is in its cause.
    const cause = error.original.cause as
      | { code?: string; message?: string; errors?: { code?: string }[] }
      | undefined;
    const reason = cause?.code ?? cause?.errors?.find((e) => e.code)?.code ?? cause?.message;
    return `Could not reach Slack at ${url} (auth.test: ${reason ?? error.original.message}); ${check}`;
  }
  if (error instanceof WebAPIHTTPError) return `${notSlack} (auth.test: HTTP ${error.statusCode}); ${check}`;
  if (error instanceof WebAPIPlatformError) {
    // An HTML page served with 200 arrives here too, its text as the "error".
    if (!SLACK_ERROR_CODE.test(error.data.error))
      return `${notSlack} (auth.test: not a Slack answer); ${check}`;
    return `Slack refused SLACK_BOT_TOKEN (auth.test: ${error.data.error}); check the bot token of the installed app.`;
  }
  return `Slack's auth.test failed at ${url} (${(error as Error).message}); ${check}`;
}
