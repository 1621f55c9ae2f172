import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { JsonLineLogger } from '../../src/json-line-logger.js';
import { botIdentity } from '../../src/slack/bot-identity.js';
import { DEFAULT_ADMIN_KEY } from '../fakes/fake-openai-admin.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/`;
}

/** A web server that is not Slack: `status` and `body` for every request. */
async function notSlack(status: number, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const logs: string[] = [];
const logger = new JsonLineLogger<LogLevel>({
  level: LogLevel.DEBUG,
  secrets: [],
  write: (l) => logs.push(l),
});
let slack: FakeSlack;

beforeEach(async () => {
  slack = await startFakeSlack();
});

afterEach(async () => {
  await slack.close();
});

const identityAt = (slackApiUrl: string, token = slack.botToken) =>
  botIdentity({ token, slackApiUrl, logger, retries: 0 });

describe('botIdentity', () => {
  it('should answer who the bot is', async () => {
    await expect(identityAt(slack.apiUrl)).resolves.toEqual({
      botId: slack.botId,
      botUserId: slack.botUserId,
    });
  });

  it('should say Slack refused the token when Slack answers invalid_auth', async () => {
    await expect(identityAt(slack.apiUrl, 'xoxb-not-this-one')).rejects.toThrow(
      'Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth); check the bot token of the installed app.',
    );
  });

  it('should say Slack could not be reached, naming the URL, when nothing listens there', async () => {
    const url = await closedPortUrl();
    await expect(identityAt(url)).rejects.toThrow(
      `Could not reach Slack at ${url} (auth.test: ECONNREFUSED); check SLACK_API_URL (default https://slack.com/api/) and the network.`,
    );
  });

  it('should say the URL is not the Slack Web API when a web server answers with a page', async () => {
    for (const [status, reply] of [
      [404, 'HTTP 404'],
      [200, 'not a Slack answer'],
    ] as const) {
      const server = await notSlack(status, '<html><body>Welcome to nginx!</body></html>');
      try {
        await expect(identityAt(server.url)).rejects.toThrow(
          `SLACK_API_URL is ${server.url}, which did not answer as the Slack Web API (auth.test: ${reply}); check SLACK_API_URL`,
        );
      } finally {
        await server.close();
      }
    }
  });
});

describe('createBot', () => {
  it('should stop start-up naming SLACK_API_URL, not the token, when Slack cannot be reached', async () => {
    const url = await closedPortUrl();
    const config = loadConfig({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: 'test-signing-secret',
      SLACK_API_URL: url,
      OPENAI_ADMIN_KEY: DEFAULT_ADMIN_KEY,
      DATABASE_URL: 'sqlite::memory:',
    });
    await expect(createBot(config, { slackRetries: 0, logWrite: (l) => logs.push(l) })).rejects.toThrow(
      `Could not reach Slack at ${url} (auth.test: ECONNREFUSED)`,
    );
  });
});
