import { findDecision, findRequest } from '../db/access-requests.js';
import type { Db } from '../db/database.js';
import { messagesOf, rememberMessage } from '../db/request-messages.js';
import type { AccessRequest, RequestMessagesTable } from '../db/schema.js';
import { findTrackedInvite } from '../db/tracked-invites.js';
import type { Logger } from '../logger.js';
import type { Notice, RequestSnapshot } from './notices.js';
import type { Notifier, SentMessage } from './notifier.js';

/**
 * Keeps every Slack copy of a request in step with the database: each posted message is
 * remembered, and after any transition every copy is re-rendered from the current row.
 */
export class RequestMessages {
  constructor(
    private readonly db: Db,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  async snapshot(request: AccessRequest): Promise<RequestSnapshot> {
    const [decision, messages] = await Promise.all([
      findDecision(this.db, request.id),
      messagesOf(this.db, request.id),
    ]);
    const approvers = messages
      .filter((m) => m.audience === 'approver' && m.recipient_slack_id)
      .map((m) => m.recipient_slack_id as string);
    const extended = request.extends_request_id
      ? await findRequest(this.db, request.extends_request_id)
      : undefined;
    const invite =
      request.status === 'awaiting_invite' && request.invite_id
        ? await findTrackedInvite(this.db, request.invite_id)
        : undefined;
    return { request, decision, approvers: [...new Set(approvers)], extended, invite };
  }

  /**
   * Later news about a request for someone who holds a copy of it as its approver: a reply in
   * that copy's thread, so they keep one message per request, updated in place, with the news
   * under it. Someone without a copy of their own (they decided in the admin channel) gets a DM.
   */
  async tellApprover(requestId: string, slackId: string, notice: Notice): Promise<SentMessage> {
    const copy = (await messagesOf(this.db, requestId)).find(
      (m) => m.audience === 'approver' && m.recipient_slack_id === slackId,
    );
    return copy
      ? this.notifier.inThread({ channel: copy.channel_id, ts: copy.ts }, notice)
      : this.notifier.toPerson(slackId, notice);
  }

  async remember(
    request: AccessRequest,
    posted: SentMessage,
    audience: RequestMessagesTable['audience'],
    recipient: string | null,
    at: Date,
  ): Promise<void> {
    await rememberMessage(this.db, {
      request_id: request.id,
      channel_id: posted.channel,
      ts: posted.ts,
      recipient_slack_id: recipient,
      audience,
      created_at: at.toISOString(),
    });
  }

  /** Re-renders every copy; one failed update (a deleted DM, say) does not stop the others. */
  async refreshAll(requestId: string): Promise<void> {
    const request = await findRequest(this.db, requestId);
    if (!request) return;
    const snapshot = await this.snapshot(request);
    const messages = await messagesOf(this.db, requestId);
    await Promise.all(
      messages.map(async (m) => {
        try {
          await this.notifier.replace(
            { channel: m.channel_id, ts: m.ts },
            m.audience === 'requester'
              ? { kind: 'request.for_requester', snapshot }
              : { kind: 'request.for_approver', snapshot },
          );
        } catch (error) {
          this.logger.warn(`Could not update the copy of ${requestId} in ${m.channel_id}: ${String(error)}`);
        }
      }),
    );
    await this.changed([request.requester_slack_id, ...snapshot.approvers]);
  }

  /** These people's requests or approvals changed: what shows them (their App Home) is refreshed. */
  async changed(people: string[]): Promise<void> {
    await this.notifier.peopleChanged(people);
  }
}
