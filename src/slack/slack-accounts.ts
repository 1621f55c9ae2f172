import type { WebClient } from '@slack/web-api';
import type { SlackAccount, SlackAccounts } from '../services/slack-accounts.js';
import { SlackCallError, slackErrorCode } from './slack-call-error.js';

export interface SlackAccountsOptions {
  /**
   * Wait between two `users.list` pages. Tier 2 allows about 20 calls a minute, so the default
   * is 3 s; tests pass 0.
   */
  pageDelayMs?: number | undefined;
  /** How often one page is tried again after Slack answered 429. */
  rateLimitRetries?: number;
  /** How the pager waits (tests pass one that records instead of sleeping). */
  pause?: (ms: number) => Promise<void>;
}

/** Slack's recommended page size for `users.list` (it accepts up to 1000). */
const PAGE = 200;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `SlackAccounts` over `users.list`. WebClient already waits a 429's Retry-After before its own
 * retries; when those run out the page is tried again here, after Retry-After (or one minute,
 * Tier 2's window, when Slack sent none), so a long walk through a big workspace finishes.
 */
export function slackAccounts(client: WebClient, options: SlackAccountsOptions = {}): SlackAccounts {
  const pageDelayMs = options.pageDelayMs ?? 3000;
  const retries = options.rateLimitRetries ?? 3;
  const pause = options.pause ?? sleep;
  return {
    async listAll() {
      const accounts: SlackAccount[] = [];
      let cursor: string | undefined;
      let pages = 0;
      let rateLimited = 0;
      do {
        if (pages > 0 && pageDelayMs > 0) await pause(pageDelayMs);
        let answer: Awaited<ReturnType<WebClient['users']['list']>> | undefined;
        for (let attempt = 0; !answer; attempt += 1) {
          try {
            answer = await client.users.list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
          } catch (error) {
            const wait = rateLimitWait(error);
            if (wait === undefined || attempt >= retries) {
              throw new SlackCallError('users.list', slackErrorCode(error) ?? 'request_failed', {
                cause: error,
              });
            }
            rateLimited += 1;
            await pause(wait);
          }
        }
        pages += 1;
        for (const member of answer.members ?? []) {
          if (!member.id) continue;
          accounts.push({
            slackId: member.id,
            email: member.profile?.email ?? null,
            deleted: member.deleted === true,
            isBot: member.is_bot === true || member.is_app_user === true || member.id === 'USLACKBOT',
          });
        }
        cursor = answer.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return { accounts, pages, rateLimited };
    },
  };
}

/** How long to wait after a rate-limited call (ms), or undefined when the error is no rate limit. */
function rateLimitWait(error: unknown): number | undefined {
  const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
  if (typeof retryAfter === 'number') return retryAfter * 1000;
  const message = error instanceof Error ? error.message : String(error);
  const header = /A rate limit was exceeded .*retry-after: (\d+)/.exec(message);
  if (header) return Number(header[1]) * 1000;
  return slackErrorCode(error) === 'ratelimited' ? 60_000 : undefined;
}
