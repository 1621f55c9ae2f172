import { existsSync } from 'node:fs';
import { createBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { installProcessLogger } from './install-process-logger.js';

// Settings: the environment, plus a .env file when one is present.
if (existsSync('.env')) process.loadEnvFile('.env');
// From here on, a failed start, Node's warnings and uncaught errors are JSON lines on stderr.
const processLogger = installProcessLogger(process.env);

try {
  const config = loadConfig(process.env);
  const bot = await createBot(config);
  await bot.start();
  bot.app.logger.info(
    config.SLACK_APP_TOKEN
      ? 'Bot running in Socket Mode'
      : `Bot listening on port ${config.PORT} at /slack/events`,
  );

  const shutdown = async (signal: string) => {
    bot.app.logger.info(`${signal}: finishing in-flight work, then stopping`);
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  processLogger.error(
    error instanceof ConfigError ? error.message : `The bot could not start: ${(error as Error).message}`,
  );
  process.exit(1);
}
