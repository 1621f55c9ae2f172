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

  /**
   * Posts a new copy of a request, rendered from the row as it is right before sending, and
   * remembers it. A transition re-renders the copies remembered by then (`refreshAll`), so one
   * that lands while this copy is on its way to Slack misses it: once the copy is remembered the
   * row is read again and, if it moved on since the copy was rendered, the copy is rendered
   * again. A transition after that read finds the copy remembered and refreshes it itself.
   * `render` builds the notice from a current snapshot; `send` posts it (undefined: not posted).
   *
   * Example: `await messages.post(id, { audience: 'requester', recipient, at }, (s) => ({ kind:
   * 'request.for_requester', snapshot: s }), (n) => notifier.toPerson(recipient, n))`
   */
  async post(
    requestId: string,
    copy: { audience: RequestMessagesTable['audience']; recipient: string | null; at: Date },
    render: (snapshot: RequestSnapshot) => Notice,
    send: (notice: Notice) => Promise<SentMessage | undefined>,
  ): Promise<SentMessage | undefined> {
    const rendered = await findRequest(this.db, requestId);
    if (!rendered) return undefined;
    const posted = await send(render(await this.snapshot(rendered)));
    if (!posted) return undefined;
    await this.remember(rendered, posted, copy.audience, copy.recipient, copy.at);
    const now = await findRequest(this.db, requestId);
    if (now && JSON.stringify(now) !== JSON.stringify(rendered)) {
      await this.notifier
        .replace(posted, render(await this.snapshot(now)))
        .catch((error: unknown) =>
          this.logger.warn(
            `Could not update the new copy of ${requestId} in ${posted.channel}: ${String(error)}`,
          ),
        );
    }
    return posted;
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
