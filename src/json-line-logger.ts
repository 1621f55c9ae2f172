import type { Logger } from './logger.js';
import { redact } from './redact.js';

/** The level names Bolt's, Slack's Web API client's and Socket Mode's `LogLevel` enums use as values. */
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLineLoggerOptions<Level extends LogLevelName> {
  /** Lines below this level are dropped. Never narrows `Level`: `'info'` still allows `setLevel('debug')`. */
  level: NoInfer<Level>;
  /** The `name` field of every line until `setName` changes it; default `access-bot`. */
  name?: string;
  /** Values scrubbed from every line (keys, tokens, signing secret), on top of key-shaped text. */
  secrets: readonly string[];
  /** Where each line goes, without its newline; default stdout. */
  write?: (line: string) => void;
}

function render(part: unknown): string {
  if (part instanceof Error) return part.stack ?? `${part.name}: ${part.message}`;
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}

/**
 * Writes one JSON object per line (time, level, name, msg) so log shippers can parse every
 * line, whoever logged it. Each line is scrubbed of the configured secrets and of anything
 * shaped like a key or token before it is written.
 *
 * It also has the `setLevel`/`getLevel`/`setName` that Bolt, `WebClient` and the Socket Mode
 * client want of a logger, without importing any Slack package: their `LogLevel` enums have the
 * same string values as `LogLevelName`, but TypeScript only lets an enum be returned where the
 * enum is expected, so the caller that hands it to Bolt names the enum as `Level`.
 *
 * @example new JsonLineLogger<LogLevel>({ level: LogLevel.INFO, secrets: [token] }) // for `new App({ logger })`
 */
export class JsonLineLogger<Level extends LogLevelName = LogLevelName> implements Logger {
  #level: Level;
  #name: string;
  readonly #secrets: readonly string[];
  readonly #write: (line: string) => void;

  constructor(options: JsonLineLoggerOptions<Level>) {
    this.#level = options.level;
    this.#name = options.name ?? 'access-bot';
    this.#secrets = options.secrets;
    this.#write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  #log(level: LogLevelName, parts: unknown[]): void {
    if (ORDER[level] < ORDER[this.#level]) return;
    this.#write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        name: this.#name,
        msg: redact(parts.map(render).join(' '), this.#secrets),
      }),
    );
  }

  debug(...msg: unknown[]): void {
    this.#log('debug', msg);
  }
  info(...msg: unknown[]): void {
    this.#log('info', msg);
  }
  warn(...msg: unknown[]): void {
    this.#log('warn', msg);
  }
  error(...msg: unknown[]): void {
    this.#log('error', msg);
  }
  setLevel(level: Level): void {
    this.#level = level;
  }
  getLevel(): Level {
    return this.#level;
  }
  setName(name: string): void {
    this.#name = name;
  }
}
