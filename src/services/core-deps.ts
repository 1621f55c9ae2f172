import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AdminApi } from '../openai/admin-client.js';
import type { Notifier } from './notifier.js';
import type { PeopleDirectory } from './people-directory.js';

/**
 * What the services and sweeps share: the store, the Admin API, who is who in Slack, the one
 * way out (the notifier), time and logging. Each adds its own collaborators (`CoreDeps & { … }`),
 * which bot.ts wires once.
 */
export interface CoreDeps {
  db: Db;
  admin: AdminApi;
  people: PeopleDirectory;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** What on-call sees at /metrics; counts nothing when absent (unit tests). */
  metrics?: Metrics;
}
