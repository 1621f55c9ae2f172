/**
 * The one logging interface the bot's code depends on: services, sweeps and the OpenAI client
 * take this, never Bolt's logger type, so none of them needs Bolt to be logged from or tested.
 * `JsonLineLogger` is the implementation the bot runs with; `console` fits too. Never pass
 * secrets in: the JSON-line logger scrubs the ones it knows, not every one.
 */
export interface Logger {
  debug(...messages: unknown[]): void;
  info(...messages: unknown[]): void;
  warn(...messages: unknown[]): void;
  error(...messages: unknown[]): void;
}
