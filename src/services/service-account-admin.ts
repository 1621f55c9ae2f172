import type { AccessRequest } from '../db/schema.js';
import {
  insertServiceAccountRequest,
  markAccountGone,
  requestOwningAccount,
  requestsForProjectAccounts,
} from '../db/service-account-requests.js';
import { isRequestable, type Project } from '../openai/admin-types.js';
import type { ServiceAccount } from '../openai/service-account-types.js';
import { type ClickAnswer, type Refusal, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import { managesServiceAccounts } from './service-account-access.js';
import type { ServiceAccountRequests } from './service-account-requests.js';

/** One key of an account as the list shows it: never a secret, only OpenAI's redacted form. */
export interface AccountKeyLine {
  id: string;
  redacted: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AccountLine {
  account: ServiceAccount;
  keys: AccountKeyLine[];
  /** Who asked for it through the bot (undefined: made elsewhere, e.g. the dashboard). */
  requestedBy: string | undefined;
  endsOn: string | null;
}

export type AccountList =
  | { ok: true; project: Project; accounts: AccountLine[] }
  | { ok: false; refusal: Refusal };

export type DeleteStart =
  | { ok: true; projectId: string; projectName: string; account: ServiceAccount; as: 'owner' | 'admin' }
  | { ok: false; refusal: Refusal };

/**
 * `/access service-accounts <project>` for the project's owners and bot admins: the list, and
 * its Rotate and Delete buttons. Every click and submission is re-authorized from current data.
 */
export class ServiceAccountAdmin {
  constructor(
    private readonly deps: CoreDeps & { botAdmins: readonly string[]; requests: ServiceAccountRequests },
  ) {}

  private async authorized(projectId: string, projectName: string, slackId: string) {
    const right = await managesServiceAccounts(this.deps, this.deps.botAdmins, projectId, slackId);
    return right
      ? ({ ok: true, as: right } as const)
      : refuse({ kind: 'service_account', why: { reason: 'owners_and_admins_only', projectName } });
  }

  async list(hint: string | undefined, slackId: string): Promise<AccountList> {
    const { admin, db } = this.deps;
    const wanted = (hint ?? '').trim().toLowerCase();
    const project = (await admin.listProjects()).find(
      (p) => isRequestable(p) && (p.name.toLowerCase() === wanted || p.id.toLowerCase() === wanted),
    );
    if (!project)
      return refuse({ kind: 'service_account', why: { reason: 'unknown_project', typed: hint ?? '' } });
    const right = await this.authorized(project.id, project.name, slackId);
    if (!right.ok) return right;
    const [accounts, { keys }, requests] = await Promise.all([
      admin.listServiceAccounts(project.id),
      admin.listProjectApiKeys(project.id),
      requestsForProjectAccounts(db, project.id),
    ]);
    const origin = new Map<string, AccessRequest>();
    for (const r of requests) {
      if (r.service_account_id && r.kind !== 'service_account_key') origin.set(r.service_account_id, r);
    }
    return {
      ok: true,
      project,
      accounts: accounts.map((account) => ({
        account,
        keys: keys
          .filter((k) => k.owner.type === 'service_account' && k.owner.service_account?.id === account.id)
          .map((k) => ({
            id: k.id,
            redacted: k.redacted_value,
            createdAt: k.created_at,
            lastUsedAt: k.last_used_at ?? null,
          })),
        requestedBy: origin.get(account.id)?.requester_slack_id,
        endsOn: origin.get(account.id)?.service_account_ends_on ?? null,
      })),
    };
  }

  private async accountOf(projectId: string, accountId: string, slackId: string): Promise<DeleteStart> {
    const project = await this.deps.admin.getProject(projectId);
    if (!project) return refuse({ kind: 'service_account', why: { reason: 'unknown_account' } });
    const right = await this.authorized(project.id, project.name, slackId);
    if (!right.ok) return right;
    const account = (await this.deps.admin.listServiceAccounts(project.id)).find((a) => a.id === accountId);
    if (!account) return refuse({ kind: 'service_account', why: { reason: 'unknown_account' } });
    return { ok: true, projectId: project.id, projectName: project.name, account, as: right.as };
  }

  /**
   * Rotate: a replacement account of the same name, its key shown once to the person who
   * clicked (Show key, as for a new account); the old account goes when they confirm the new
   * key works. OpenAI refuses to delete a single key of a service account, so replacing the
   * account is the only way to retire an old key.
   */
  async rotate(projectId: string, accountId: string, slackId: string): Promise<ClickAnswer> {
    const { people, clock } = this.deps;
    const found = await this.accountOf(projectId, accountId, slackId);
    if (!found.ok) return found;
    const email = (await people.emailOf(slackId)) ?? '';
    // The replacement lives no longer than the account it replaces was approved for.
    const endsOn =
      (await requestOwningAccount(this.deps.db, found.account.id))?.service_account_ends_on ?? null;
    const request = await insertServiceAccountRequest(
      this.deps.db,
      {
        kind: 'service_account_rotation',
        requesterSlackId: slackId,
        requesterEmail: email,
        projectId: found.projectId,
        projectName: found.projectName,
        name: found.account.name,
        purpose: `Rotation of ${found.account.name} (${found.account.id})`,
        endsOn,
        serviceAccountId: found.account.id,
        decidedBy: { slackId, as: found.as },
      },
      clock.now(),
    );
    await this.deps.requests.announceApplied(request);
    return { ok: true };
  }

  /** Checks the clicker may delete, before the confirmation modal opens. */
  startDelete(projectId: string, accountId: string, slackId: string): Promise<DeleteStart> {
    return this.accountOf(projectId, accountId, slackId);
  }

  /** The confirmed delete, authorized again: ownership may have changed while the modal was open. */
  async delete(projectId: string, accountId: string, slackId: string): Promise<ClickAnswer> {
    const { admin, db, clock, notifier, logger } = this.deps;
    const found = await this.accountOf(projectId, accountId, slackId);
    if (!found.ok) return found;
    await admin.deleteServiceAccount(found.projectId, found.account.id);
    const gone = await markAccountGone(db, {
      serviceAccountId: found.account.id,
      actor: slackId,
      action: 'service_account.deleted',
      at: clock.now(),
      details: { project_id: found.projectId, name: found.account.name },
    });
    const requesters = new Set(gone.map((r) => r.requester_slack_id).filter((id) => id !== slackId));
    for (const person of requesters) {
      const request = gone.find((r) => r.requester_slack_id === person) as AccessRequest;
      await notifier
        .toPerson(person, { kind: 'service_account.removed', request, reason: 'deleted', by: slackId })
        .catch((error: unknown) =>
          logger.warn(`Could not tell ${person} about the deletion: ${String(error)}`),
        );
    }
    await notifier.peopleChanged([slackId, ...requesters]);
    return { ok: true };
  }
}
