import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { type PersonMatch, rememberPeople } from '../db/people.js';
import type { AccessRequest } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { OrgUser } from '../openai/admin-types.js';

/**
 * Remembers a match of Slack user to OpenAI user (or email) where the bot made it, so that an
 * account deactivated later, whose profile may have lost its email, can still be matched. Never
 * throws: a request, a decision or a sweep must not fail because this bookkeeping did.
 */
export async function remember(
  deps: { db: Db; clock: Clock; logger: Logger },
  matches: readonly PersonMatch[],
): Promise<void> {
  // A group onboarding's grant of someone known only by email names them `email:<address>`
  // (onboarding-grants.ts): not a Slack user, so nothing to remember under it. Stored, it would be
  // found as "their Slack id" when owners are told about someone who left, and reach nobody.
  const slackUsers = matches.filter((m) => !m.slackId.startsWith('email:'));
  if (slackUsers.length === 0) return;
  try {
    await rememberPeople(deps.db, slackUsers, deps.clock.now());
  } catch (error) {
    deps.logger.warn(`Could not remember who is who (${slackUsers.length} people): ${String(error)}`);
  }
}

/** The requesters among `requests` who are org users (`members` by lowercased email), as matches. */
export function requestersWhoAreMembers(
  requests: readonly AccessRequest[],
  members: ReadonlyMap<string, OrgUser>,
): PersonMatch[] {
  return requests.flatMap((r) => {
    const member = members.get(r.requester_email.toLowerCase());
    return member
      ? [{ slackId: r.requester_slack_id, email: r.requester_email, openaiUserId: member.id }]
      : [];
  });
}
