import OpenAI from 'openai';
import { ZodError } from 'zod';
import { redact } from '../redact.js';

export type AdminApiErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'network';

/**
 * An Admin API failure with a message a person can act on. The admin key never appears in
 * it: messages come from OpenAI's error body or from the status alone.
 */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly kind: AdminApiErrorKind,
    readonly operation: string,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** Worth trying again later (a sweep will): OpenAI was busy, down or unreachable. */
  get isTransient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable' || this.kind === 'network';
  }
}

/**
 * OpenAI's own wording, scrubbed: its messages can echo (part of) the key that was sent, and
 * these messages end up in Slack and in the database.
 */
function openAiMessageOf(error: InstanceType<typeof OpenAI.APIError>): string | undefined {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' && body.message.length > 0 ? redact(body.message, []) : undefined;
}

export function toAdminApiError(operation: string, error: unknown): AdminApiError {
  if (error instanceof AdminApiError) return error;
  if (error instanceof OpenAI.APIConnectionError) {
    const what = error instanceof OpenAI.APIConnectionTimeoutError ? 'timed out' : 'could not be reached';
    return new AdminApiError(
      'network',
      operation,
      `OpenAI ${what} while trying to ${operation}; try again shortly.`,
      undefined,
      {
        cause: error,
      },
    );
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const detail = openAiMessageOf(error);
    const said = detail ? ` OpenAI said: "${detail}"` : '';
    const at = (kind: AdminApiErrorKind, advice: string) =>
      new AdminApiError(
        kind,
        operation,
        `Could not ${operation} (HTTP ${status}).${said} ${advice}`.trim(),
        status,
        {
          cause: error,
        },
      );
    if (status === 400) return at('bad_request', '');
    if (status === 401)
      return at('unauthorized', 'Check that OPENAI_ADMIN_KEY is a valid organization admin key.');
    if (status === 403)
      return at('forbidden', 'The admin key lacks the permission for this; an org owner must grant it.');
    if (status === 404) return at('not_found', '');
    if (status === 409) return at('conflict', '');
    if (status === 429)
      return at('rate_limited', 'OpenAI is rate-limiting the bot; it will try again later.');
    return at('unavailable', 'OpenAI is having trouble; the bot will try again later.');
  }
  if (error instanceof ZodError || error instanceof SyntaxError) {
    // The details go to the log through `cause`; people get a sentence.
    return new AdminApiError(
      'unavailable',
      operation,
      `OpenAI answered "${operation}" with something the bot could not read; it will try again later.`,
      undefined,
      { cause: error },
    );
  }
  const message = redact(error instanceof Error ? error.message : String(error), []);
  return new AdminApiError('network', operation, `Could not ${operation}: ${message}`, undefined, {
    cause: error,
  });
}

/**
 * A sentence for a person about a failure: OpenAI's (scrubbed) words, Slack's error code (an
 * error that carries `slackErrorCode`, as the Slack side's errors do), or that neither answered.
 */
export function describeAdminFailure(error: unknown): string {
  if (error instanceof AdminApiError) return error.message;
  const slackCode = (error as { slackErrorCode?: unknown } | null | undefined)?.slackErrorCode;
  if (typeof slackCode === 'string') return `Slack answered ${slackCode}.`;
  return 'OpenAI or Slack could not be reached.';
}

/**
 * How long OpenAI asked the bot to wait before trying again (a 429's `Retry-After` or
 * `retry-after-ms`), in milliseconds; undefined when it said nothing.
 */
export function retryAfterMsOf(error: unknown): number | undefined {
  const cause = error instanceof AdminApiError ? error.cause : error;
  if (!(cause instanceof OpenAI.APIError) || !cause.headers) return undefined;
  const headers = cause.headers as unknown as { get?: (name: string) => string | null };
  const read = (name: string) =>
    typeof headers.get === 'function' ? headers.get(name) : (cause.headers as Record<string, string>)[name];
  const ms = Number(read('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const seconds = read('retry-after');
  if (!seconds) return undefined;
  const asNumber = Number(seconds);
  if (Number.isFinite(asNumber)) return Math.max(0, asNumber * 1000);
  const at = Date.parse(seconds);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
