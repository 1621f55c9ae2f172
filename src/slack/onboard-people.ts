import type { WebClient } from '@slack/web-api';
import type { Candidate, Skipped } from '../domain/onboard-people.js';
import { slackCall as call } from './slack-call-error.js';

/**
 * The people of an onboarding named in Slack: chosen users and a channel's members (through
 * `conversations.members`, paged), each read with `users.info`. Bots, deactivated accounts and
 * people without an email are returned as skipped, so the card names them.
 */
export async function slackPeopleOf(
  client: WebClient,
  input: { userIds: readonly string[]; channelId: string | undefined },
): Promise<{ candidates: Candidate[]; skipped: Skipped[] }> {
  const ids = new Set(input.userIds);
  if (input.channelId) {
    let cursor: string | undefined;
    do {
      const page = await call('conversations.members', () =>
        client.conversations.members({
          channel: input.channelId as string,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const id of page.members ?? []) ids.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
  }
  const candidates: Candidate[] = [];
  const skipped: Skipped[] = [];
  for (const id of ids) {
    const { user } = await call('users.info', () => client.users.info({ user: id }));
    if (!user || user.deleted) skipped.push({ who: id, reason: 'deactivated' });
    else if (user.is_bot || id === 'USLACKBOT') skipped.push({ who: id, reason: 'bot' });
    else if (!user.profile?.email) skipped.push({ who: id, reason: 'no_email' });
    else candidates.push({ email: user.profile.email.toLowerCase(), slackId: id });
  }
  return { candidates, skipped };
}
