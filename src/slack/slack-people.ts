import type { WebClient } from '@slack/web-api';
import type { PeopleDirectory } from '../services/people-directory.js';
import { SlackCallError, slackErrorCode } from './slack-call-error.js';

/** The services' `PeopleDirectory`, answered by `users.info` and `users.lookupByEmail`. */
export function slackPeople(client: WebClient): PeopleDirectory {
  return {
    async emailOf(slackId) {
      try {
        const { user } = await client.users.info({ user: slackId });
        if (!user || user.deleted || user.is_bot) return undefined;
        if ((user as { is_email_confirmed?: boolean }).is_email_confirmed === false) return undefined;
        return user.profile?.email ?? undefined;
      } catch (error) {
        if (slackErrorCode(error) === 'user_not_found') return undefined;
        throw new SlackCallError('users.info', slackErrorCode(error) ?? 'request_failed', { cause: error });
      }
    },

    async slackIdByEmail(email) {
      try {
        const { user } = await client.users.lookupByEmail({ email });
        return user && !user.deleted ? user.id : undefined;
      } catch (error) {
        if (slackErrorCode(error) === 'users_not_found') return undefined;
        throw new SlackCallError('users.lookupByEmail', slackErrorCode(error) ?? 'request_failed', {
          cause: error,
        });
      }
    },
  };
}
