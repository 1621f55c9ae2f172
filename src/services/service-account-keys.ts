import { findRequest } from '../db/access-requests.js';
import type { AccessRequest } from '../db/schema.js';
import {
  claimKeyShown,
  knownServiceAccountIds,
  markAccountGone,
  recordKeyMade,
  releaseKeyClaim,
} from '../db/service-account-requests.js';
import { showKeyWindowOpen } from '../domain/service-accounts.js';
import { AdminApiError } from '../openai/admin-errors.js';
import type { Secret } from '../openai/secret.js';
import type { NewServiceAccountKey, ServiceAccount } from '../openai/service-account-types.js';
import { type ClickAnswer, type Refusal, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import { managesServiceAccounts } from './service-account-access.js';

/** What the Show key modal shows. The secret lives only in this object, on its way to the modal. */
export interface ShownKey {
  requestId: string;
  projectName: string;
  accountName: string;
  accountId: string;
  keyId: string;
  secret: Secret;
  /** A rotation: the old account is deleted once the person confirms the new key works. */
  replaces: string | null;
  /** The account has role `none` in the project (made with create_service_account_only). */
  roleNone: boolean;
}

export type ShowKeyOutcome =
  | { ok: true; key: ShownKey }
  | { ok: false; refusal: Refusal; offerNewKey: boolean };

const uncertain = (error: unknown) =>
  error instanceof AdminApiError ? error.isTransient || error.kind === 'conflict' : true;

/**
 * Show key: the one moment a service account's secret exists outside OpenAI. The click is
 * claimed in the database first (one claim per request, whichever replica), then the account
 * and its key are made (or a key for an existing account), and the answer goes straight into
 * the modal. Nothing about the secret is stored, logged or posted.
 */
export class ServiceAccountKeys {
  constructor(private readonly deps: CoreDeps & { botAdmins: readonly string[] }) {}

  async showKey(requestId: string, clickerSlackId: string): Promise<ShowKeyOutcome> {
    const { db, clock, logger } = this.deps;
    const request = await findRequest(db, requestId);
    const no = (refusal: Refusal, offerNewKey = false): ShowKeyOutcome => ({
      ok: false,
      refusal,
      offerNewKey,
    });
    if (!request || request.kind === 'access') return no({ kind: 'no_such_request', requestId });
    if (request.requester_slack_id !== clickerSlackId) {
      return no({ kind: 'service_account', why: { reason: 'not_yours' } });
    }
    if (request.status === 'revoked')
      return no({ kind: 'service_account', why: { reason: 'unknown_account' } });
    if (request.status !== 'applied') {
      return no({ kind: 'service_account', why: { reason: 'not_ready', status: request.status } });
    }
    if (request.key_shown_at) {
      return no(
        { kind: 'service_account', why: { reason: 'already_shown', at: request.key_shown_at } },
        true,
      );
    }
    const readySince = new Date(request.applied_announced_at ?? request.updated_at);
    if (!showKeyWindowOpen(readySince, clock.now())) {
      return no({ kind: 'service_account', why: { reason: 'window_closed' } }, true);
    }
    if (!(await claimKeyShown(db, request.id, clickerSlackId, clock.now()))) {
      const now = await findRequest(db, request.id);
      return no(
        {
          kind: 'service_account',
          why: { reason: 'already_shown', at: now?.key_shown_at ?? clock.now().toISOString() },
        },
        true,
      );
    }
    try {
      const made = await this.make(request);
      await recordKeyMade(db, {
        id: request.id,
        serviceAccountId: made.account.id,
        keyId: made.key.id,
        actor: clickerSlackId,
        at: clock.now(),
        reconciled: made.reconciled,
      });
      await this.deps.notifier.peopleChanged([clickerSlackId]);
      return {
        ok: true,
        key: {
          requestId: request.id,
          projectName: request.project_name,
          accountName: made.account.name,
          accountId: made.account.id,
          keyId: made.key.id,
          secret: made.key.secret,
          replaces: request.replaces_service_account_id,
          roleNone: made.account.role === 'none',
        },
      };
    } catch (error) {
      const problem = error instanceof AdminApiError ? error.message : 'OpenAI did not answer as expected.';
      logger.error(`Show key for ${request.id} failed: ${problem}`);
      // Nothing was made that anyone can use (a create that may have happened is found by name
      // next time), so the button works again.
      await releaseKeyClaim(db, request.id, problem, clock.now());
      return no({ kind: 'service_account', why: { reason: 'failed', problem } });
    }
  }

  /**
   * The account and key this request is for. A create is never retried blindly: the project's
   * accounts are listed first, and again after an uncertain failure (timeout, 5xx), and an
   * account of this name the bot does not know yet is taken as the one it made; it then gets a
   * fresh key (the lost answer's key was never seen by anyone).
   */
  private async make(
    request: AccessRequest,
  ): Promise<{ account: ServiceAccount; key: NewServiceAccountKey; reconciled: boolean }> {
    const { admin, db } = this.deps;
    const projectId = request.project_id;
    const keyName = `slack ${request.id}`;
    if (request.kind === 'service_account_key') {
      const account = (await admin.listServiceAccounts(projectId)).find(
        (a) => a.id === request.service_account_id,
      );
      if (!account)
        throw new AdminApiError('not_found', 'find the service account', 'The service account is gone.');
      return {
        account,
        key: await admin.createServiceAccountKey(projectId, account.id, keyName),
        reconciled: false,
      };
    }
    const name = request.service_account_name ?? '';
    const findOurs = async () => {
      const known = await knownServiceAccountIds(db, projectId);
      return (await admin.listServiceAccounts(projectId)).find(
        (a) => a.name === name && !known.has(a.id) && a.role !== 'none',
      );
    };
    const adopt = async (account: ServiceAccount) => ({
      account,
      key: await admin.createServiceAccountKey(projectId, account.id, keyName),
      reconciled: true,
    });
    const earlier = await findOurs();
    if (earlier) return adopt(earlier);
    try {
      return { ...(await admin.createServiceAccount(projectId, name)), reconciled: false };
    } catch (error) {
      if (!uncertain(error)) throw error;
      const made = await findOurs();
      if (made) return adopt(made);
      throw error;
    }
  }

  /** "The new key works": deletes the account a rotation replaced (and with it its keys). */
  async confirmRotation(requestId: string, clickerSlackId: string): Promise<ClickAnswer> {
    const { db, admin, clock, notifier, logger } = this.deps;
    const request = await findRequest(db, requestId);
    const old = request?.replaces_service_account_id;
    if (!request || !old || !request.key_shown_at) {
      return refuse({ kind: 'service_account', why: { reason: 'not_a_rotation' } });
    }
    const right = await managesServiceAccounts(
      this.deps,
      this.deps.botAdmins,
      request.project_id,
      clickerSlackId,
    );
    if (!right) {
      return refuse({
        kind: 'service_account',
        why: { reason: 'owners_and_admins_only', projectName: request.project_name },
      });
    }
    await admin.deleteServiceAccount(request.project_id, old);
    const gone = await markAccountGone(db, {
      serviceAccountId: old,
      actor: clickerSlackId,
      action: 'service_account.rotated_out',
      at: clock.now(),
      details: { replaced_by: request.service_account_id },
    });
    const told = new Set([clickerSlackId, ...gone.map((r) => r.requester_slack_id)]);
    for (const person of told) {
      await notifier
        .toPerson(person, {
          kind: 'service_account.removed',
          request: gone[0] ?? request,
          reason: 'rotated',
          by: clickerSlackId,
        })
        .catch((error: unknown) =>
          logger.warn(`Could not tell ${person} about the rotation: ${String(error)}`),
        );
    }
    await notifier.peopleChanged(told);
    return { ok: true };
  }
}
