/** The logging the services need; Bolt's logger and console both fit. Never pass secrets in. */
export interface Logger {
  debug(...messages: unknown[]): void;
  info(...messages: unknown[]): void;
  warn(...messages: unknown[]): void;
  error(...messages: unknown[]): void;
}
