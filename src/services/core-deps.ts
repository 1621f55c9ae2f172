import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { AdminApi } from '../openai/admin-client.js';
import type { SlackGateway } from './slack-gateway.js';

/**
 * What the services and sweeps that talk to both OpenAI and Slack share: the store, the Admin
 * API, Slack, time and logging. Each adds its own collaborators (`CoreDeps & { … }`), which
 * bot.ts wires once.
 */
export interface CoreDeps {
  db: Db;
  admin: AdminApi;
  slack: SlackGateway;
  clock: Clock;
  logger: Logger;
}
