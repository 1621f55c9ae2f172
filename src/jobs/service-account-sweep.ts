import { randomUUID } from 'node:crypto';
import { transitionRequest } from '../db/access-requests.js';
import { runUnderLease } from '../db/leases.js';
import type { AccessRequest } from '../db/schema.js';
import {
  claimEndWarning,
  claimRemovalFailureTold,
  endingServiceAccounts,
  markAccountGone,
} from '../db/service-account-requests.js';
import { dueEndStep } from '../domain/service-accounts.js';
import { AdminApiError } from '../openai/admin-errors.js';
import type { CoreDeps } from '../services/core-deps.js';
import type { Notice } from '../services/notices.js';

export interface ServiceAccountSweepReport {
  ran: boolean;
  warned: number;
  removed: number;
  failures: { subject: string; error: string }[];
}

const LEASE = 'service-accounts';

/**
 * Service accounts with an end date: a warning to the project's owners (and the requester) 7
 * days and 1 day before, and the account deleted on the day. Under a lease, so one replica does
 * it; each warning is claimed before it is sent, so it goes out once.
 */
export class ServiceAccountSweep {
  readonly owner = `svcacct-sweeper-${randomUUID()}`;

  constructor(private readonly deps: CoreDeps & { botAdmins: readonly string[]; leaseSeconds: number }) {}

  async run(): Promise<ServiceAccountSweepReport> {
    const { db, clock, leaseSeconds } = this.deps;
    const report: ServiceAccountSweepReport = { ran: false, warned: 0, removed: 0, failures: [] };
    const ran = await runUnderLease(
      { db, clock, name: LEASE, owner: this.owner, seconds: leaseSeconds },
      async () => {
        for (const request of await endingServiceAccounts(db)) {
          try {
            await this.step(request, report);
          } catch (error) {
            const problem = error instanceof AdminApiError ? error.message : String(error);
            report.failures.push({ subject: request.id, error: problem });
            this.deps.logger.error(`Service-account sweep failed for ${request.id}: ${problem}`);
            if (await claimRemovalFailureTold(db, request.id, clock.now())) {
              await this.deps.notifier
                .toAdmins({ kind: 'service_account.removal_failed', request, problem })
                .catch(() => undefined);
            }
          }
        }
        return true;
      },
    );
    report.ran = ran === true;
    return report;
  }

  private async step(request: AccessRequest, report: ServiceAccountSweepReport): Promise<void> {
    const { db, clock, admin } = this.deps;
    const step = dueEndStep(request.service_account_ends_on ?? '', request.end_warned_days, clock.now());
    if (!step) return;
    if (step.kind === 'warn') {
      if (!(await claimEndWarning(db, request, step.days, clock.now()))) return;
      await this.tell(request, { kind: 'service_account.ending', request, days: step.days });
      report.warned += 1;
      return;
    }
    const accountId = request.service_account_id;
    if (!accountId) {
      // Its key was never shown, so no account was made: the request just ends.
      await transitionRequest(db, {
        id: request.id,
        from: 'applied',
        to: 'revoked',
        actor: 'system',
        action: 'service_account.ended',
        at: clock.now(),
      });
      return;
    }
    await admin.deleteServiceAccount(request.project_id, accountId);
    const gone = await markAccountGone(db, {
      serviceAccountId: accountId,
      actor: 'system',
      action: 'service_account.ended',
      at: clock.now(),
      details: { ends_on: request.service_account_ends_on },
    });
    if (gone.length === 0) return;
    report.removed += 1;
    await this.tell(request, { kind: 'service_account.removed', request, reason: 'end_date', by: 'system' });
  }

  /** The project's owners in Slack and the requester; the bot admins when no owner is reachable. */
  private async tell(request: AccessRequest, notice: Notice): Promise<void> {
    const { admin, people, notifier, logger } = this.deps;
    const owners = await admin.listProjectUsers(request.project_id).catch(() => []);
    const ids = new Set<string>();
    for (const owner of owners.filter((u) => u.role === 'owner' && u.email)) {
      const id = await people.slackIdByEmail(owner.email as string).catch(() => undefined);
      if (id) ids.add(id);
    }
    if (ids.size === 0) for (const id of this.deps.botAdmins) ids.add(id);
    ids.add(request.requester_slack_id);
    for (const id of ids) {
      await notifier
        .toPerson(id, notice)
        .catch((error: unknown) => logger.warn(`Could not tell ${id}: ${String(error)}`));
    }
  }
}
