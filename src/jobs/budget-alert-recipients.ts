import { recipientsReached } from '../db/budget-alerts.js';
import type { BudgetAlert } from '../db/schema.js';
import type { AdminApi } from '../openai/admin-client.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import type { PeopleDirectory } from '../services/people-directory.js';

/**
 * The bot admins as one recipient of a budget alert (ADMIN_CHANNEL, or a DM to each bot admin),
 * as stored in `delivered_to` next to owners' Slack ids. Rows written before held the channel's id.
 */
export const ADMINS = 'admins';
/** Channel ids as ADMIN_CHANNEL accepts them (a DM channel too); people's ids start with U or W. */
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;

/** Who an alert reached; a channel id stored before the admins were one recipient counts as them. */
export function reachedOf(alert: BudgetAlert): string[] {
  return recipientsReached(alert).map((id) => (CHANNEL_ID.test(id) ? ADMINS : id));
}

/**
 * Who hears a project's budget alerts, for one sweep: owners' Slack ids are looked up by email
 * once per person, however many projects they own.
 */
export class AlertRecipients {
  readonly #slackIdByEmail = new Map<string, Promise<string | Error | undefined>>();

  constructor(
    private readonly deps: { admin: AdminApi; people: PeopleDirectory; adminsReachable: boolean },
  ) {}

  /**
   * The bot admins (when reachable) and the project's owners that Slack knows by email.
   * `complete` is false when the owners could not be listed or looked up: the alert then stays
   * pending for them.
   */
  async of(projectId: string): Promise<{ recipients: string[]; complete: boolean; problem?: string }> {
    const { admin, people, adminsReachable } = this.deps;
    const recipients = adminsReachable ? [ADMINS] : [];
    let owners: string[];
    try {
      owners = (await admin.listProjectUsers(projectId))
        .filter((u) => u.role === 'owner' && u.email)
        .map((u) => u.email as string);
    } catch (error) {
      return { recipients, complete: false, problem: `owners not listed: ${describeAdminFailure(error)}` };
    }
    let complete = true;
    const problems: string[] = [];
    for (const email of owners) {
      const key = email.toLowerCase();
      if (!this.#slackIdByEmail.has(key)) {
        // A failed look-up is not "not in Slack": it is remembered as a failure for this sweep.
        this.#slackIdByEmail.set(
          key,
          people
            .slackIdByEmail(email)
            .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        );
      }
      const found = await this.#slackIdByEmail.get(key);
      if (found instanceof Error) {
        // The alert stays pending for this owner and is retried next sweep, not marked sent.
        complete = false;
        problems.push(`owner ${email} not looked up in Slack: ${found.message}`);
      } else if (found && !recipients.includes(found)) recipients.push(found);
    }
    return problems.length
      ? { recipients, complete, problem: problems.join('; ') }
      : { recipients, complete };
  }
}
