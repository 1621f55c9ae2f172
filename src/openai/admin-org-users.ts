import OpenAI from 'openai';
import type { AdminApi } from './admin-api.js';
import { OrgUser } from './admin-types.js';

type Attempt = <T>(operation: string, run: () => Promise<T>) => Promise<T>;
type OrUndefined = <T>(operation: string, run: () => Promise<T>) => Promise<T | undefined>;

/** Reading and deleting one org user (offboarding), on the SDK's `organization`. */
export function orgUserCalls(
  org: OpenAI['admin']['organization'],
  attempt: Attempt,
  orUndefinedIfMissing: OrUndefined,
): Pick<AdminApi, 'getOrgUser' | 'deleteOrgUser'> {
  return {
    getOrgUser: (userId) =>
      orUndefinedIfMissing(`read org user ${userId}`, async () =>
        OrgUser.parse(await org.users.retrieve(userId)),
      ),

    deleteOrgUser: (userId) =>
      attempt(`remove ${userId} from the organization`, async () => {
        try {
          await org.users.delete(userId);
          return 'deleted' as const;
        } catch (error) {
          // Already gone (an earlier attempt whose answer was lost) is what we wanted.
          if (error instanceof OpenAI.NotFoundError) return 'already_gone' as const;
          throw error;
        }
      }),
  };
}
