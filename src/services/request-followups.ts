import type { Clock } from '../clock.js';
import { transitionRequest } from '../db/access-requests.js';
import type { Db } from '../db/database.js';
import { messagesOf } from '../db/request-messages.js';
import { stampFollowup } from '../db/request-stamps.js';
import type { AccessRequest } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Notifier } from './notifier.js';
import type { RequestMessages } from './request-messages.js';

/**
 * Nothing waits forever: a pending request is re-sent to its approvers (a thread reply on
 * each copy), escalated to the bot admins, then expired with its buttons removed. Each step
 * stamps the request first, with a conditional update, so a restart or a second replica never
 * repeats it.
 */
export class RequestFollowups {
  constructor(
    private readonly deps: {
      db: Db;
      notifier: Notifier;
      messages: RequestMessages;
      clock: Clock;
      logger: Logger;
      botAdmins: readonly string[];
      metrics?: Metrics;
    },
  ) {}

  async remind(request: AccessRequest): Promise<void> {
    const { db, notifier, clock, logger } = this.deps;
    if (!(await stampFollowup(db, request, 'reminded', clock.now()))) return;
    const copies = (await messagesOf(db, request.id)).filter((m) => m.audience === 'approver');
    for (const copy of copies) {
      await notifier
        .inThread({ channel: copy.channel_id, ts: copy.ts }, { kind: 'request.reminder', request })
        .catch((error: unknown) => logger.warn(`Could not remind about ${request.id}: ${String(error)}`));
    }
  }

  /** Sends the request, with working buttons, to every bot admin not already asked. */
  async escalate(request: AccessRequest): Promise<void> {
    const { db, notifier, messages, clock, logger, botAdmins } = this.deps;
    if (!(await stampFollowup(db, request, 'escalated', clock.now()))) return;
    const asked = new Set((await messagesOf(db, request.id)).map((m) => m.recipient_slack_id));
    const snapshot = await messages.snapshot(request);
    for (const admin of botAdmins.filter((id) => !asked.has(id) && id !== request.requester_slack_id)) {
      try {
        // Rendered from the row when sent, and again if it was decided meanwhile (`messages.post`).
        await messages.post(
          request.id,
          { audience: 'approver', recipient: admin, at: clock.now() },
          (current) => ({
            kind: 'request.for_approver',
            snapshot: { ...current, approvers: [...snapshot.approvers, admin] },
            escalatedSince: request.created_at,
          }),
          (notice) => notifier.toPerson(admin, notice),
        );
      } catch (error) {
        logger.warn(`Could not escalate ${request.id} to ${admin}: ${String(error)}`);
      }
    }
  }

  async expire(request: AccessRequest, ttlDays: number): Promise<void> {
    const { db, notifier, messages, clock, logger } = this.deps;
    const expired = await transitionRequest(db, {
      id: request.id,
      from: 'pending',
      to: 'expired',
      actor: 'system',
      action: 'request.expired',
      at: clock.now(),
      details: { ttl_days: ttlDays },
    });
    if (!expired) return;
    this.deps.metrics?.decision('expired');
    await messages.refreshAll(request.id);
    await notifier
      .toPerson(request.requester_slack_id, { kind: 'request.expired', request, ttlDays })
      .catch((error: unknown) =>
        logger.warn(`Could not tell ${request.requester_slack_id}: ${String(error)}`),
      );
  }
}
