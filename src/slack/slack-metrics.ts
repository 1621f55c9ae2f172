import { performance } from 'node:perf_hooks';
import type { App, ReceiverEvent } from '@slack/bolt';
import type { FetchFunction } from '@slack/web-api';
import type { Metrics, SlackRequestKind } from '../metrics.js';

/** A Web API method name as Slack spells them (`chat.postMessage`); anything else is not a label. */
const METHOD = /^[a-z]+(?:\.[a-zA-Z]+)+$/;
/** Slack's error codes are lower-case words joined by underscores (`channel_not_found`). */
const ERROR_CODE = /^[a-z][a-z0-9_]{0,59}$/;

/** What Slack sent, from the body's shape (the same fields Bolt dispatches on). */
export function slackRequestKindOf(body: Record<string, unknown>): SlackRequestKind {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'block_suggestion':
      return 'options';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'event_callback':
      return 'event';
    default:
      return 'other';
  }
}

/**
 * Counts every request Slack sends, by kind, and how long until it was acknowledged. Both
 * receivers (HTTP and Socket Mode) hand each request to `app.processEvent` with its `ack`, so the
 * one place to see them all is there; the time starts when Bolt has the parsed request.
 */
export function countSlackRequests(app: App, metrics: Metrics): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const kind = slackRequestKindOf(event.body);
    const started = performance.now();
    let counted = false;
    const count = (ackSeconds: number | undefined) => {
      if (counted) return;
      counted = true;
      metrics.slackRequest(kind, ackSeconds);
    };
    const ack: ReceiverEvent['ack'] = (response) => {
      count((performance.now() - started) / 1000);
      return event.ack(response);
    };
    try {
      await processEvent({ ...event, ack });
    } finally {
      // No listener acknowledged it (none matched, or one threw first): counted, without a latency.
      count(undefined);
    }
  };
}

/**
 * `fetch` for the Web API client that reports each attempt (Bolt's rate-limit retries included)
 * with its method and, when it failed, Slack's error code. The answer is read from a copy, so the
 * client reads it as it would have.
 */
export function meteredSlackFetch(metrics: Metrics, fetch: FetchFunction = globalThis.fetch): FetchFunction {
  return async (url, init) => {
    const name = String(url).split('?')[0]?.split('/').at(-1) ?? '';
    const method = METHOD.test(name) ? name : 'other';
    const started = performance.now();
    const report = (error: string | undefined) =>
      metrics.slackApiCall({ method, error, seconds: (performance.now() - started) / 1000 });
    let response: Awaited<ReturnType<FetchFunction>>;
    try {
      response = await fetch(url, init);
    } catch (error) {
      report('network_error');
      throw error;
    }
    if (response.status === 429) report('http_429');
    else if (response.status >= 500) report('http_5xx');
    else if (response.status >= 400) report('http_4xx');
    else report(await slackErrorOf(response));
    return response;
  };
}

async function slackErrorOf(response: Awaited<ReturnType<FetchFunction>>): Promise<string | undefined> {
  const copy = (response as unknown as { clone?: () => Response }).clone?.();
  if (!copy) return undefined;
  try {
    const body = (await copy.json()) as { ok?: unknown; error?: unknown };
    if (body.ok !== false) return undefined;
    return typeof body.error === 'string' && ERROR_CODE.test(body.error) ? body.error : 'other';
  } catch {
    // Not JSON (a file download, a proxy's page): the client decides what that means.
    return undefined;
  }
}
