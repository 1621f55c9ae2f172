import { type App, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** The delay before reconnect attempt `n` after `n` failed ones: 1 s, 2 s, 4 s… at most 60 s. */
export function socketRetryDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** (failures - 1), 60_000);
}

/**
 * Keeps a Socket Mode bot connected: when Slack recycles the connection (`disconnect`, e.g.
 * `refresh_requested`), or the connection drops, a new one is opened at once through
 * `apps.connections.open`; an attempt that fails is logged and retried after 1 s, 2 s, 4 s… (at
 * most 60 s) until it works or the bot stops.
 *
 * Done here rather than by `@slack/socket-mode` (3.1.0), whose own reconnect waits 5 s before
 * every attempt, and, when `apps.connections.open` fails with an HTTP or network error while
 * reconnecting, rejects a promise nobody handles: the process stops on it (or, were that caught,
 * stays up connected to nothing). Its reconnect is turned off and this one takes its place.
 *
 * The receiver is Bolt's own, built from the App's options, so the routes it serves on `PORT`
 * (`customRoutes`: /healthz…) and its Web API client options are the App's, in one place.
 * Reaching it needs two fields Bolt's types keep private (`App.receiver`,
 * `SocketModeClient.autoReconnectEnabled`); test/e2e/socket-mode.test.ts fails if they move.
 */
export function superviseSocketMode(app: App, logger: Logger): void {
  const receiver = (app as unknown as { receiver?: unknown }).receiver;
  if (!(receiver instanceof SocketModeReceiver)) {
    throw new Error("Socket Mode: Bolt's App has no SocketModeReceiver to supervise");
  }
  const client = receiver.client;
  const internals = client as unknown as { autoReconnectEnabled?: boolean };
  if (internals.autoReconnectEnabled === undefined) {
    throw new Error("Socket Mode: @slack/socket-mode's client has no autoReconnectEnabled to turn off");
  }
  internals.autoReconnectEnabled = false;

  let connectedOnce = false;
  let stopping = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  /** An attempt is under way: its failure is handled where `start()` rejects, not on `disconnected`. */
  let attempting = false;

  const reconnect = (delayMs: number) => {
    if (stopping || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (stopping) return;
      attempting = true;
      client.start().then(
        () => {
          attempting = false;
          if (failures > 0) logger.info(`Socket Mode: connected again after ${failures} failed attempts`);
          failures = 0;
        },
        (error: unknown) => {
          attempting = false;
          if (stopping) return;
          failures += 1;
          const next = socketRetryDelayMs(failures);
          logger.warn(
            `Socket Mode: could not reconnect to Slack (attempt ${failures}: ${error instanceof Error ? error.message : String(error)}); trying again in ${next / 1000} s`,
          );
          reconnect(next);
        },
      );
    }, delayMs);
  };

  client.on('connected', () => {
    connectedOnce = true;
    // A reconnect that was under way when the bot stopped: close what it opened.
    if (stopping) void client.disconnect();
  });
  // Emitted by `disconnect()` only: the bot is stopping.
  client.on('disconnecting', () => {
    stopping = true;
    clearTimeout(timer);
    timer = undefined;
  });
  client.on('disconnected', () => {
    // Before the first connection, `start()` rejects and the bot's start reports it.
    if (stopping || !connectedOnce || attempting) return;
    logger.info('Socket Mode: the connection to Slack closed; opening a new one');
    reconnect(0);
  });
}
