import type { ModalView } from '@slack/types';
import { crashPoint } from '../crash-points.js';
import {
  decideRequest,
  findDecision,
  findOpenRequestFor,
  findRequest,
  insertPendingRequest,
  transitionRequest,
} from '../db/access-requests.js';
import type { AccessRequest } from '../db/schema.js';
import { chooseApprovers, decisionRightOf, refusalText } from '../domain/approval-policy.js';
import { type RequestFormInput, utcDay, validateRequestForm } from '../domain/request-form.js';
import { AdminApiError } from '../openai/admin-errors.js';
import { isRequestable, type Project } from '../openai/admin-types.js';
import { denyModal } from '../slack/blocks/deny-modal.js';
import { escapeMrkdwn, mention } from '../slack/blocks/format.js';
import { approverMessage, plainMessage, requesterMessage } from '../slack/blocks/request-message.js';
import { requestModal } from '../slack/blocks/request-modal.js';
import type { AdminNotifier } from './admin-notifier.js';
import type { CoreDeps } from './core-deps.js';
import type { RequestApplier } from './request-applier.js';
import type { RequestMessages } from './request-messages.js';
import { SlackCallError } from './slack-gateway.js';

export interface AccessPolicy {
  botAdmins: readonly string[];
  allowSelfApproval: boolean;
  adminChannel: string | undefined;
}

/** What a listener tells the clicker, privately, when their click changed nothing. */
export type ClickAnswer = { ok: true } | { ok: false; text: string };

export type SubmitResult =
  | { ok: true; request: AccessRequest }
  | { ok: false; errors: Partial<Record<'project' | 'role' | 'justification' | 'endDate', string>> };

export class AccessRequestService {
  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      applier: RequestApplier;
      policy: AccessPolicy;
      notifier: AdminNotifier;
    },
  ) {}

  /** Active projects people may ask for, by name: never archived ones, never the Default project. */
  async requestableProjects(): Promise<Project[]> {
    const projects = await this.deps.admin.listProjects();
    return projects.filter(isRequestable).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The form again, filled in from an earlier request of the clicker's own (after it expired). */
  async requestAgainForm(requestId: string, clickerSlackId: string): Promise<ModalView> {
    const earlier = await findRequest(this.deps.db, requestId);
    if (!earlier || earlier.requester_slack_id !== clickerSlackId) return this.requestForm(undefined);
    return this.requestForm(earlier.project_id, { role: earlier.role, justification: earlier.justification });
  }

  /** The request form, with the project preselected when `hint` names one (by name or id, any case). */
  async requestForm(
    hint: string | undefined,
    prefill?: { role: 'member' | 'owner'; justification: string },
  ): Promise<ModalView> {
    const projects = await this.requestableProjects();
    const wanted = hint?.trim().toLowerCase();
    const preselected = wanted
      ? projects.find((p) => p.name.toLowerCase() === wanted || p.id.toLowerCase() === wanted)
      : undefined;
    return requestModal({
      projects,
      preselected,
      unmatchedHint: wanted && !preselected ? hint?.trim() : undefined,
      today: utcDay(this.deps.clock.now()),
      prefill,
    });
  }

  /**
   * Validates and stores a submitted form as a pending request. Runs before the modal is
   * acknowledged, so it makes only two quick look-ups (the project, the requester's email).
   */
  async submit(requesterSlackId: string, form: RequestFormInput): Promise<SubmitResult> {
    const { db, admin, slack, clock } = this.deps;
    const project = form.projectId ? await admin.getProject(form.projectId) : undefined;
    const requestable = new Set(project && isRequestable(project) ? [project.id] : []);
    const validation = validateRequestForm(form, { requestableProjectIds: requestable, today: clock.now() });
    if (!validation.ok || !project) return { ok: false, errors: validation.ok ? {} : validation.errors };

    const email = await slack.emailOf(requesterSlackId);
    if (!email) {
      return {
        ok: false,
        errors: {
          project:
            'Your Slack profile has no confirmed email, so OpenAI cannot be matched to you. Ask an admin.',
        },
      };
    }
    const alreadyOpen = async (): Promise<SubmitResult | undefined> => {
      const open = await findOpenRequestFor(db, requesterSlackId, project.id);
      if (!open) return undefined;
      return {
        ok: false,
        errors: {
          project: `You already have an open request for ${project.name} (${open.id}, ${open.status.replace('_', ' ')}).`,
        },
      };
    };
    const refused = await alreadyOpen();
    if (refused) return refused;
    const request = await insertPendingRequest(
      db,
      {
        requester_slack_id: requesterSlackId,
        requester_email: email,
        project_id: project.id,
        project_name: project.name,
        role: validation.value.role,
        justification: validation.value.justification,
        access_ends_on: validation.value.endDate,
      },
      clock.now(),
    );
    // Another submission (a double click, another replica) stored one in the meantime.
    if (!request) return (await alreadyOpen()) ?? { ok: false, errors: { project: 'Please try again.' } };
    return { ok: true, request };
  }

  /**
   * Sends a new request to its approvers: the project's owners that Slack knows by email, or,
   * when none can be reached, the bot admins. The requester is told who was asked.
   */
  async announce(requestId: string): Promise<void> {
    const { db, slack, messages, clock, policy, logger } = this.deps;
    const request = await findRequest(db, requestId);
    if (!request) return;
    const ownersInSlack = await this.ownersInSlack(request);
    const { approvers, fallback } = chooseApprovers({
      ownersInSlack,
      botAdmins: policy.botAdmins,
      requesterSlackId: request.requester_slack_id,
    });

    const extended = request.extends_request_id
      ? await findRequest(db, request.extends_request_id)
      : undefined;
    const reached: string[] = [];
    for (const approver of approvers) {
      try {
        const snapshot = { request, decision: undefined, approvers, extended };
        const posted = await slack.sendDm(approver, approverMessage(snapshot));
        await messages.remember(request, posted, 'approver', approver, clock.now());
        reached.push(approver);
      } catch (error) {
        logger.warn(`Could not send request ${request.id} to ${approver}: ${String(error)}`);
      }
    }
    if (reached.length === 0) {
      const posted = await this.deps.notifier.post(
        approverMessage({ request, decision: undefined, approvers, extended }),
      );
      if (posted) await messages.remember(request, posted, 'admin_channel', null, clock.now());
    }

    // The requester's copy names who was asked in its status line; a note says when that was a fallback.
    const note =
      reached.length === 0
        ? policy.adminChannel
          ? `No owner or bot admin could be reached directly; the request was posted in <#${policy.adminChannel}>.`
          : 'No owner of the project and no bot admin could be reached in Slack. Ask an OpenAI org owner to set ACCESS_ADMINS.'
        : fallback
          ? 'It went to the bot admins: no owner of the project could be reached in Slack.'
          : undefined;
    const snapshot = await messages.snapshot(request);
    try {
      const copy = requesterMessage(snapshot);
      const posted = await slack.sendDm(request.requester_slack_id, {
        text: note ? `${copy.text}. ${note}` : copy.text,
        blocks: note
          ? [...copy.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }]
          : copy.blocks,
      });
      await messages.remember(request, posted, 'requester', request.requester_slack_id, clock.now());
    } catch (error) {
      logger.warn(
        `Could not tell ${request.requester_slack_id} about request ${request.id}: ${String(error)}`,
      );
    }
    await messages.changed([request.requester_slack_id, ...reached]);
  }

  /** Slack ids of the project's owners, per the Admin API now; an owner Slack does not know is skipped. */
  private async ownersInSlack(request: AccessRequest): Promise<string[]> {
    const { admin, slack, logger } = this.deps;
    let owners: string[];
    try {
      owners = (await admin.listProjectUsers(request.project_id))
        .filter((u) => u.role === 'owner' && u.email)
        .map((u) => u.email as string);
    } catch (error) {
      logger.warn(
        `Could not list the owners of ${request.project_id}; asking the bot admins: ${String(error)}`,
      );
      return [];
    }
    const ids: string[] = [];
    for (const email of owners) {
      try {
        const id = await slack.userIdByEmail(email);
        if (id) ids.push(id);
      } catch (error) {
        logger.warn(`Could not look up owner ${email} in Slack: ${String(error)}`);
      }
    }
    return ids;
  }

  /** Whether the clicker may decide, from current data: OpenAI's owner list and Slack's email now. */
  private async authorize(request: AccessRequest, clickerSlackId: string) {
    const { admin, slack, policy } = this.deps;
    const [clickerEmail, owners] = await Promise.all([
      slack.emailOf(clickerSlackId),
      admin.listProjectUsers(request.project_id).catch((error: unknown) => {
        // Archived project, or OpenAI down: only bot admins can decide until it answers again.
        this.deps.logger.warn(`Could not list owners of ${request.project_id}: ${String(error)}`);
        return [];
      }),
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

  private async alreadyDecidedText(request: AccessRequest): Promise<string> {
    const decision = await findDecision(this.deps.db, request.id);
    if (decision) {
      const verb = decision.outcome === 'approved' ? 'approved' : 'denied';
      return `This request was already ${verb} by ${mention(decision.decided_by)}.`;
    }
    return `This request is no longer pending (${request.status.replace('_', ' ')}).`;
  }

  async approve(requestId: string, clickerSlackId: string): Promise<ClickAnswer> {
    const { db, clock } = this.deps;
    const request = await findRequest(db, requestId);
    if (!request) return { ok: false, text: `There is no request ${requestId}.` };
    if (request.status !== 'pending') return { ok: false, text: await this.alreadyDecidedText(request) };
    const right = await this.authorize(request, clickerSlackId);
    if (!right.allowed) return { ok: false, text: refusalText(right.reason, request.project_name) };

    const approved = await decideRequest(db, {
      requestId,
      outcome: 'approved',
      decidedBy: clickerSlackId,
      decidedAs: right.as,
      reason: null,
      at: clock.now(),
    });
    if (!approved) return { ok: false, text: await this.alreadyDecidedText(request) };
    crashPoint('after-decision');
    // Every copy is re-rendered once the outcome is known (applied, waiting for an invite, or
    // failed); re-rendering for the short in-between state too doubled the Slack calls.
    await this.deps.applier.apply(approved);
    return { ok: true };
  }

  /** Opens the small "reason" modal, after checking the clicker may deny at all. */
  async startDeny(requestId: string, clickerSlackId: string, triggerId: string): Promise<ClickAnswer> {
    const request = await findRequest(this.deps.db, requestId);
    if (!request) return { ok: false, text: `There is no request ${requestId}.` };
    if (request.status !== 'pending') return { ok: false, text: await this.alreadyDecidedText(request) };
    const right = await this.authorize(request, clickerSlackId);
    if (!right.allowed) return { ok: false, text: refusalText(right.reason, request.project_name) };
    await this.deps.slack.openView(triggerId, denyModal(request));
    return { ok: true };
  }

  async deny(requestId: string, clickerSlackId: string, reason: string | null): Promise<ClickAnswer> {
    const { db, clock, messages, slack } = this.deps;
    const request = await findRequest(db, requestId);
    if (!request) return { ok: false, text: `There is no request ${requestId}.` };
    if (request.status !== 'pending') return { ok: false, text: await this.alreadyDecidedText(request) };
    // Checked again at submit: ownership may have changed while the modal was open.
    const right = await this.authorize(request, clickerSlackId);
    if (!right.allowed) return { ok: false, text: refusalText(right.reason, request.project_name) };
    const denied = await decideRequest(db, {
      requestId,
      outcome: 'denied',
      decidedBy: clickerSlackId,
      decidedAs: right.as,
      reason: reason?.trim() || null,
      at: clock.now(),
    });
    if (!denied) return { ok: false, text: await this.alreadyDecidedText(request) };
    await messages.refreshAll(requestId);
    const because = reason?.trim() ? ` Reason: “${escapeMrkdwn(reason.trim())}”` : ' No reason was given.';
    await slack
      .sendDm(
        denied.requester_slack_id,
        plainMessage(
          `:no_entry: Your request for ${denied.role} access to *${denied.project_name}* was denied by ${mention(clickerSlackId)}.${because}`,
        ),
      )
      .catch((error: unknown) =>
        this.deps.logger.warn(`Could not tell the requester of ${requestId}: ${String(error)}`),
      );
    return { ok: true };
  }

  /** Cancels a pending request of one's own. */
  async cancel(requestId: string, clickerSlackId: string): Promise<ClickAnswer> {
    const { db, clock, messages } = this.deps;
    const request = await findRequest(db, requestId);
    if (!request) return { ok: false, text: `There is no request ${requestId}.` };
    if (request.requester_slack_id !== clickerSlackId)
      return { ok: false, text: 'Only the requester can cancel a request.' };
    const cancelled = await transitionRequest(db, {
      id: requestId,
      from: 'pending',
      to: 'cancelled',
      actor: clickerSlackId,
      action: 'request.cancelled',
      at: clock.now(),
    });
    if (!cancelled) return { ok: false, text: await this.alreadyDecidedText(request) };
    await messages.refreshAll(requestId);
    return { ok: true };
  }
}
