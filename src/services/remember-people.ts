import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { type PersonMatch, rememberPeople } from '../db/people.js';
import type { Logger } from '../logger.js';

/**
 * Remembers a match of Slack user to OpenAI user (or email) where the bot made it, so that an
 * account deactivated later, whose profile may have lost its email, can still be matched. Never
 * throws: a request, a decision or a sweep must not fail because this bookkeeping did.
 */
export async function remember(
  deps: { db: Db; clock: Clock; logger: Logger },
  matches: readonly PersonMatch[],
): Promise<void> {
  if (matches.length === 0) return;
  try {
    await rememberPeople(deps.db, matches, deps.clock.now());
  } catch (error) {
    deps.logger.warn(`Could not remember who is who (${matches.length} people): ${String(error)}`);
  }
}
