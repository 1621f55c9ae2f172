import type { Logger } from '../logger.js';
import type { AdminApi } from '../openai/admin-client.js';
import type { PeopleDirectory } from './people-directory.js';

/**
 * A project's owners as Slack users, for one run: each project's members listed once, each
 * owner's email looked up in Slack once however many projects they own.
 */
export class ProjectOwners {
  readonly #slackIds = new Map<string, Promise<string | undefined>>();
  /** Member lists read from OpenAI (calls), for the run's report. */
  lists = 0;

  constructor(private readonly deps: { admin: AdminApi; people: PeopleDirectory; logger: Logger }) {}

  async inSlack(projectId: string): Promise<string[]> {
    this.lists += 1;
    const owners = (await this.deps.admin.listProjectUsers(projectId)).filter(
      (u) => u.role === 'owner' && u.email,
    );
    const ids = await Promise.all(owners.map((o) => this.#slackIdOf(o.email as string)));
    return [...new Set(ids.filter((id): id is string => id !== undefined))];
  }

  #slackIdOf(email: string): Promise<string | undefined> {
    const key = email.toLowerCase();
    let found = this.#slackIds.get(key);
    if (!found) {
      found = this.deps.people.slackIdByEmail(email).catch((error: unknown) => {
        this.deps.logger.warn(`Could not look up ${email} in Slack: ${String(error)}`);
        return undefined;
      });
      this.#slackIds.set(key, found);
    }
    return found;
  }
}
