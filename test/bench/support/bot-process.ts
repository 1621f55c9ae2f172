/**
 * The bot under test, as its own process (so its RSS is its own): the production wiring of
 * `createBot` from the environment, HTTP receiver on an ephemeral port, sweeps off.
 * Started by `ack-latency.bench.ts` with `fork`, driven over IPC (see `child-ipc.ts`).
 */
import { createBot } from '../../../src/bot.js';
import { loadConfig } from '../../../src/config.js';
import { reportStartupFailure, serveBenchChannel } from './child-ipc.js';

try {
  const config = loadConfig(process.env);
  const bot = await createBot(config);
  const server = await bot.start(0, { sweeps: false });
  if (!server) throw new Error('the benchmark needs HTTP mode (SLACK_SIGNING_SECRET, no SLACK_APP_TOKEN)');
  serveBenchChannel({ server, idle: () => bot.idle(), stop: () => bot.stop() });
} catch (error) {
  reportStartupFailure(error);
}
