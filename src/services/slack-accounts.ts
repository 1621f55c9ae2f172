/** A Slack account as the offboarding checks need it. `email` is null when Slack shows none. */
export interface SlackAccount {
  slackId: string;
  email: string | null;
  deleted: boolean;
  /** Bots and app users are no people: never matched to an OpenAI user. */
  isBot: boolean;
}

/**
 * Listing every Slack account, for the daily check that finds deactivations the bot missed.
 * Implemented in `src/slack/`: `users.list` is rate-limited (Tier 2, about 20 calls a minute), so
 * the implementation paces its pages and waits out a 429's Retry-After.
 */
export interface SlackAccounts {
  /** Every account of the workspace, deactivated ones included; `pages` counts the calls made. */
  listAll(): Promise<{ accounts: SlackAccount[]; pages: number; rateLimited: number }>;
}
