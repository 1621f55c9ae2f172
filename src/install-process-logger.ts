import { JsonLineLogger } from './json-line-logger.js';
import type { Logger } from './logger.js';

/** Settings whose values must never reach a line, known before the config is even parsed. */
const SECRET_SETTINGS = ['OPENAI_ADMIN_KEY', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'];

/**
 * The logger for what happens around the bot rather than in it: a failed start, Node's own
 * warnings, and an error nothing caught. Node would print the last two as plain text; with
 * this installed they are JSON lines on stderr, as the bot's own lines are on stdout, so every
 * line the process writes parses as JSON. Install it once, first thing in `main`.
 *
 * An uncaught error still ends the process with exit code 1, as it does without this: after
 * one, nothing can say what state the bot is in.
 */
export function installProcessLogger(
  env: NodeJS.ProcessEnv,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const logger = new JsonLineLogger({
    level: 'warn',
    secrets: SECRET_SETTINGS.map((key) => env[key]).filter((value): value is string => Boolean(value)),
    write,
  });
  // Node writes warnings through a listener of its own; replacing it is the only way to stop
  // the plain-text copy (adding a listener does not).
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn(`${warning.name}: ${warning.message}`));
  // Also receives unhandled promise rejections: Node raises them as uncaught errors.
  process.on('uncaughtException', (error) => {
    logger.error('The bot stopped on an error nothing caught:', error);
    process.exit(1);
  });
  return logger;
}
