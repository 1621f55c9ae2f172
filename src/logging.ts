import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

/** Shapes of secrets that must never reach a log line, whatever code logged them. */
const SECRET_SHAPES = [
  /sk-[A-Za-z0-9_-]{6,}/g,
  /xox[abposr]-[A-Za-z0-9-]{6,}/g,
  /xapp-[A-Za-z0-9-]{6,}/g,
  /(authorization["']?\s*[:=]\s*["']?Bearer\s+)[^\s"',]+/gi,
];

export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 6) clean = clean.split(secret).join('[redacted]');
  for (const shape of SECRET_SHAPES) {
    clean = clean.replace(shape, (match, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return clean;
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
 * Bolt's logger interface, writing one JSON object per line (time, level, name, msg) so log
 * shippers can parse it. Every line is scrubbed of the configured secrets and of anything
 * shaped like a key or token before it is written.
 */
export class JsonLineLogger implements BoltLogger {
  #level: LogLevel;
  #name: string;

  constructor(
    private readonly options: {
      level: LogLevel;
      name?: string;
      secrets: readonly string[];
      write?: (line: string) => void;
    },
  ) {
    this.#level = options.level;
    this.#name = options.name ?? 'access-bot';
  }

  #log(level: LogLevel, parts: unknown[]): void {
    if (ORDER[level] < ORDER[this.#level]) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      name: this.#name,
      msg: redact(parts.map(render).join(' '), this.options.secrets),
    });
    (this.options.write ?? ((text: string) => process.stdout.write(`${text}\n`)))(line);
  }

  debug(...msg: unknown[]): void {
    this.#log(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.#log(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.#log(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.#log(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.#level = level;
  }
  getLevel(): LogLevel {
    return this.#level;
  }
  setName(name: string): void {
    this.#name = name;
  }
}
