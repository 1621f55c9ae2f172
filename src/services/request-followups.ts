import type { Clock } from '../clock.js';
import { transitionRequest } from '../db/access-requests.js';
import { recordAudit } from '../db/audit-events.js';
import type { Db } from '../db/database.js';
import { messagesOf } from '../db/request-messages.js';
import type { AccessRequest } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { mention, slackDate } from '../slack/blocks/format.js';
import { approverMessage, messageWithButton } from '../slack/blocks/request-message.js';
import { ActionIds } from '../slack/ids.js';
import type { RequestMessages } from './request-messages.js';
import type { SlackGateway } from './slack-gateway.js';

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
      slack: SlackGateway;
      messages: RequestMessages;
      clock: Clock;
      logger: Logger;
      botAdmins: readonly string[];
    },
  ) {}

  /** Stamps a step on a still-pending request; false when it was stamped (or decided) already. */
  private async stamp(request: AccessRequest, column: 'reminded_at' | 'escalated_at'): Promise<boolean> {
    const { db, clock } = this.deps;
    const result = await db
      .updateTable('access_requests')
      .set({ [column]: clock.now().toISOString() })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .where(column, 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(db, {
      at: clock.now(),
      actor: 'system',
      action: column === 'reminded_at' ? 'request.reminded' : 'request.escalated',
      subjectType: 'access_request',
      subjectId: request.id,
    });
    return true;
  }

  async remind(request: AccessRequest): Promise<void> {
    if (!(await this.stamp(request, 'reminded_at'))) return;
    const { db, slack, logger } = this.deps;
    const copies = (await messagesOf(db, request.id)).filter((m) => m.audience === 'approver');
    for (const copy of copies) {
      await slack
        .post(copy.channel_id, {
          threadTs: copy.ts,
          text: `:bell: Reminder: ${mention(request.requester_slack_id)} is still waiting for a decision on *${request.project_name}* (asked ${slackDate(request.created_at)}).`,
        })
        .catch((error: unknown) => logger.warn(`Could not remind about ${request.id}: ${String(error)}`));
    }
  }

  /** Sends the request, with working buttons, to every bot admin not already asked. */
  async escalate(request: AccessRequest): Promise<void> {
    if (!(await this.stamp(request, 'escalated_at'))) return;
    const { db, slack, messages, clock, logger, botAdmins } = this.deps;
    const asked = new Set((await messagesOf(db, request.id)).map((m) => m.recipient_slack_id));
    const snapshot = await messages.snapshot(request);
    for (const admin of botAdmins.filter((id) => !asked.has(id) && id !== request.requester_slack_id)) {
      try {
        const message = approverMessage({ ...snapshot, approvers: [...snapshot.approvers, admin] });
        const posted = await slack.sendDm(admin, {
          text: `Escalated: ${message.text}`,
          blocks: [
            {
              type: 'context',
              elements: [
                {
                  type: 'mrkdwn',
                  text: `:rotating_light: Escalated to the bot admins: no owner decided since ${slackDate(request.created_at)}.`,
                },
              ],
            },
            ...message.blocks,
          ],
        });
        await messages.remember(request, posted, 'approver', admin, clock.now());
      } catch (error) {
        logger.warn(`Could not escalate ${request.id} to ${admin}: ${String(error)}`);
      }
    }
  }

  async expire(request: AccessRequest, ttlDays: number): Promise<void> {
    const { db, slack, messages, clock, logger } = this.deps;
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
    await messages.refreshAll(request.id);
    await slack
      .sendDm(
        request.requester_slack_id,
        messageWithButton(
          `:hourglass: Nobody decided on your request for *${request.project_name}* within ${ttlDays} days, so it expired. You can ask again in one click.`,
          { actionId: ActionIds.requestAgain, label: 'Request again', value: request.id, style: 'primary' },
        ),
      )
      .catch((error: unknown) =>
        logger.warn(`Could not tell ${request.requester_slack_id}: ${String(error)}`),
      );
  }
}
