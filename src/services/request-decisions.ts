import { crashPoint } from '../crash-points.js';
import { decideRequest, findDecision, findRequest, transitionRequest } from '../db/access-requests.js';
import type { AccessRequest } from '../db/schema.js';
import { decisionRightOf } from '../domain/approval-policy.js';
import { type ClickAnswer, type Refusal, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import { remember } from './remember-people.js';
import type { RequestApplier } from './request-applier.js';
import type { AccessPolicy } from './request-intake.js';
import type { RequestMessages } from './request-messages.js';

/** "Deny" was clicked by someone who may deny: the reason form is opened for this request. */
export type DenyStart = { ok: true; request: AccessRequest } | { ok: false; refusal: Refusal };

/**
 * Approve, deny, cancel. Each is authorized from current data at the click (never from what
 * the button carried) and is one conditional transition in the store, so a double click or a
 * second approver is answered "already decided", never applied twice.
 */
export class RequestDecisions {
  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      applier: RequestApplier;
      policy: AccessPolicy;
    },
  ) {}

  /** Whether the clicker may decide, from current data: OpenAI's owner list and Slack's email now. */
  private async authorize(request: AccessRequest, clickerSlackId: string) {
    const { admin, people, policy } = this.deps;
    const [clickerEmail, owners] = await Promise.all([
      people.emailOf(clickerSlackId),
      admin.listProjectUsers(request.project_id).catch((error: unknown) => {
        // Archived project, or OpenAI down: only bot admins can decide until it answers again.
        this.deps.logger.warn(`Could not list owners of ${request.project_id}: ${String(error)}`);
        return [];
      }),
    ]);
    const asOwner = clickerEmail
      ? owners.find((u) => u.email?.toLowerCase() === clickerEmail.toLowerCase())
      : undefined;
    if (clickerEmail)
      await remember(this.deps, [
        { slackId: clickerSlackId, email: clickerEmail, openaiUserId: asOwner?.id },
      ]);
    return decisionRightOf({
      clickerSlackId,
      clickerEmail,
      requesterSlackId: request.requester_slack_id,
      projectOwnerEmails: owners.filter((u) => u.role === 'owner' && u.email).map((u) => u.email as string),
      botAdmins: policy.botAdmins,
      allowSelfApproval: policy.allowSelfApproval,
    });
  }

  private async alreadyDecided(request: AccessRequest): Promise<{ ok: false; refusal: Refusal }> {
    const decision = await findDecision(this.deps.db, request.id);
    if (decision) {
      return refuse({
        kind: 'already_decided',
        outcome: decision.outcome === 'approved' ? 'approved' : 'denied',
        by: decision.decided_by,
      });
    }
    return refuse({ kind: 'not_pending', status: request.status });
  }

  /**
   * The request, when it is still pending and the clicker may decide it (checked from current
   * data at every click and submission); otherwise why not.
   */
  private async decidable(
    requestId: string,
    clickerSlackId: string,
  ): Promise<{ ok: true; request: AccessRequest; as: 'owner' | 'admin' } | { ok: false; refusal: Refusal }> {
    const request = await findRequest(this.deps.db, requestId);
    if (!request) return refuse({ kind: 'no_such_request', requestId });
    if (request.status !== 'pending') return this.alreadyDecided(request);
    const right = await this.authorize(request, clickerSlackId);
    if (!right.allowed)
      return {
        ok: false,
        refusal: { kind: 'cannot_decide', reason: right.reason, projectName: request.project_name },
      };
    return { ok: true, request, as: right.as };
  }

  async approve(requestId: string, clickerSlackId: string): Promise<ClickAnswer> {
    const { db, clock } = this.deps;
    const checked = await this.decidable(requestId, clickerSlackId);
    if (!checked.ok) return checked;
    const approved = await decideRequest(db, {
      requestId,
      outcome: 'approved',
      decidedBy: clickerSlackId,
      decidedAs: checked.as,
      reason: null,
      at: clock.now(),
    });
    if (!approved) return this.alreadyDecided(checked.request);
    this.deps.metrics?.decision('approved');
    crashPoint('after-decision');
    // Every copy is re-rendered once the outcome is known (applied, waiting for an invite, or
    // failed); re-rendering for the short in-between state too doubled the Slack calls.
    await this.deps.applier.apply(approved);
    return { ok: true };
  }

  /** Checks the clicker may deny at all, before the "reason" form is opened. */
  async startDeny(requestId: string, clickerSlackId: string): Promise<DenyStart> {
    const checked = await this.decidable(requestId, clickerSlackId);
    return checked.ok ? { ok: true, request: checked.request } : checked;
  }

  async deny(requestId: string, clickerSlackId: string, reason: string | null): Promise<ClickAnswer> {
    const { db, clock, messages, notifier } = this.deps;
    // Checked again at submit: ownership may have changed while the modal was open.
    const checked = await this.decidable(requestId, clickerSlackId);
    if (!checked.ok) return checked;
    const denied = await decideRequest(db, {
      requestId,
      outcome: 'denied',
      decidedBy: clickerSlackId,
      decidedAs: checked.as,
      reason: reason?.trim() || null,
      at: clock.now(),
    });
    if (!denied) return this.alreadyDecided(checked.request);
    this.deps.metrics?.decision('denied');
    await messages.refreshAll(requestId);
    await notifier
      .toPerson(denied.requester_slack_id, {
        kind: 'request.denied',
        request: denied,
        decidedBy: clickerSlackId,
        reason: reason?.trim() || null,
      })
      .catch((error: unknown) =>
        this.deps.logger.warn(`Could not tell the requester of ${requestId}: ${String(error)}`),
      );
    return { ok: true };
  }

  /** Cancels a pending request of one's own. */
  async cancel(requestId: string, clickerSlackId: string): Promise<ClickAnswer> {
    const { db, clock, messages } = this.deps;
    const request = await findRequest(db, requestId);
    if (!request) return refuse({ kind: 'no_such_request', requestId });
    if (request.requester_slack_id !== clickerSlackId) return refuse({ kind: 'only_requester_cancels' });
    const cancelled = await transitionRequest(db, {
      id: requestId,
      from: 'pending',
      to: 'cancelled',
      actor: clickerSlackId,
      action: 'request.cancelled',
      at: clock.now(),
    });
    if (!cancelled) return this.alreadyDecided(request);
    this.deps.metrics?.decision('cancelled');
    await messages.refreshAll(requestId);
    return { ok: true };
  }
}
