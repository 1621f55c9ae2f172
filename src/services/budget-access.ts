import { type LimitRight, limitRightOf } from '../domain/budget-policy.js';
import type { Logger } from '../logger.js';
import type { AdminApi } from '../openai/admin-client.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import type { PeopleDirectory } from './people-directory.js';

/** Membership checks for a non-admin's `/access budget` run this many at a time. */
const MEMBERSHIP_CHECKS_AT_ONCE = 8;

/** Why a person's own projects could not be found. */
export type MembershipProblem = { kind: 'no_email' } | { kind: 'not_in_org'; email: string };

/**
 * Who may see and change which budgets, decided from current data each time: bot admins see
 * and change every project; anyone else sees the projects OpenAI lists them in, now, and
 * changes those they own (matched by their confirmed Slack email).
 */
export class BudgetAccess {
  constructor(
    private readonly deps: {
      admin: AdminApi;
      people: PeopleDirectory;
      logger: Logger;
      botAdmins: readonly string[];
    },
  ) {}

  isAdmin(slackId: string): boolean {
    return this.deps.botAdmins.includes(slackId);
  }

  async viewerAccess(slackId: string, projectId: string): Promise<{ canView: boolean; canEdit: boolean }> {
    if (this.isAdmin(slackId)) return { canView: true, canEdit: true };
    const { admin, people } = this.deps;
    const email = await people.emailOf(slackId);
    const user = email ? await admin.findUserByEmail(email) : undefined;
    const membership = user ? await admin.findProjectUser(projectId, user.id) : undefined;
    return { canView: membership !== undefined, canEdit: membership?.role === 'owner' };
  }

  /** Which of `projectIds` the person is in, per the Admin API (one look-up each, a few at a time). */
  async memberships(
    slackId: string,
    projectIds: readonly string[],
  ): Promise<{ ok: true; projectIds: Set<string> } | { ok: false; problem: MembershipProblem }> {
    const { admin, people } = this.deps;
    const email = await people.emailOf(slackId);
    if (!email) return { ok: false, problem: { kind: 'no_email' } };
    const user = await admin.findUserByEmail(email);
    if (!user) return { ok: false, problem: { kind: 'not_in_org', email } };
    const member = new Set<string>();
    const queue = [...projectIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (await admin.findProjectUser(id, user.id)) member.add(id);
      }
    };
    await Promise.all(Array.from({ length: MEMBERSHIP_CHECKS_AT_ONCE }, worker));
    return { ok: true, projectIds: member };
  }

  /** May this person change the project's soft budget and hard limit? */
  async rightToChange(slackId: string, projectId: string): Promise<LimitRight> {
    const { admin, people, logger, botAdmins } = this.deps;
    if (this.isAdmin(slackId)) {
      return limitRightOf({
        clickerSlackId: slackId,
        clickerEmail: undefined,
        projectOwnerEmails: [],
        botAdmins,
      });
    }
    const [email, users] = await Promise.all([
      people.emailOf(slackId),
      admin.listProjectUsers(projectId).catch((error: unknown) => {
        // Archived project, or OpenAI down: only bot admins can change limits until it answers again.
        logger.warn(`Could not list the owners of ${projectId}: ${describeAdminFailure(error)}`);
        return [];
      }),
    ]);
    return limitRightOf({
      clickerSlackId: slackId,
      clickerEmail: email,
      projectOwnerEmails: users.filter((u) => u.role === 'owner' && u.email).map((u) => u.email as string),
      botAdmins,
    });
  }
}
