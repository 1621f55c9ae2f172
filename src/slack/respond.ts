import type { RespondArguments } from '@slack/bolt';
import { request } from 'undici';

/** Answers into a Slack `response_url`: a private reply, or a replacement of the original message. */
export type Respond = (message: RespondArguments) => Promise<void>;

/** Slack refused a `response_url` post (expired after 30 min or 5 uses, rate limited, …). */
export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`Slack refused the response_url post with HTTP ${status}`);
    this.name = 'ResponseUrlError';
  }
}

const TIMEOUT_MS = 10_000;

/**
 * Bolt's `respond()` without fetch: the same JSON POST, made with undici's request API (the engine
 * under Node's fetch). `npm run bench` measured fetch's Request/Response/web-stream objects as the
 * largest part of a click's after-ack work (about 0.25 ms of CPU per answer, plus the garbage),
 * which is what lengthened the ack tail of every other request waiting behind it.
 * Not retried: a post that Slack received but whose answer was lost would show twice.
 */
export function responder(responseUrl: string): Respond {
  return async (message) => {
    const { statusCode, body } = await request(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    await body.dump();
    if (statusCode < 200 || statusCode >= 300) throw new ResponseUrlError(statusCode);
  };
}
