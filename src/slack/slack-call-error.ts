/** A Slack Web API refusal (`ok: false`), carrying Slack's error code, e.g. `channel_not_found`. */
export class SlackCallError extends Error {
  override name = 'SlackCallError';
  constructor(
    readonly method: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`Slack refused ${method}: ${code}`, options);
  }

  /** Read by `describeAdminFailure`, which must not import Slack code. */
  get slackErrorCode(): string {
    return this.code;
  }
}

/** Slack's error code from what `@slack/web-api` threw (a platform error, or a request error's code). */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Runs one Web API call; whatever it throws becomes a `SlackCallError` naming the method. */
export async function slackCall<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new SlackCallError(method, slackErrorCode(error) ?? 'request_failed', { cause: error });
  }
}
