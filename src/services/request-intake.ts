import { findOpenRequestFor, findRequest, insertPendingRequest } from '../db/access-requests.js';
import type { AccessRequest } from '../db/schema.js';
import { chooseApprovers } from '../domain/approval-policy.js';
import { type RequestFormInput, utcDay, validateRequestForm } from '../domain/request-form.js';
import { isRequestable, type Project } from '../openai/admin-types.js';
import type { CoreDeps } from './core-deps.js';
import type { Notice, RequestSnapshot, RoutingNote } from './notices.js';
import { remember } from './remember-people.js';
import type { RequestMessages } from './request-messages.js';

/** Who decides, and where a request goes when no owner can be reached. */
export interface AccessPolicy {
  botAdmins: readonly string[];
  allowSelfApproval: boolean;
  adminChannel: string | undefined;
}

/** The request form's contents: the projects to choose from, and what to fill in. */
export interface RequestFormData {
  projects: readonly Project[];
  preselected?: Project | undefined;
  /** What the person typed after `/access request` when it matched no project. */
  unmatchedHint?: string | undefined;
  /** YYYY-MM-DD, UTC: the date picker starts no earlier than today. */
  today: string;
  /** Filled in when asking again after an expired request. */
  prefill?: { role: 'member' | 'owner'; justification: string } | undefined;
}

export type SubmitResult =
  | { ok: true; request: AccessRequest }
  | { ok: false; errors: Partial<Record<'project' | 'role' | 'justification' | 'endDate', string>> };

/**
 * A request coming in: the form's contents, the submission (validated and stored as pending),
 * and sending it to its approvers.
 */
export class RequestIntake {
  constructor(
    private readonly deps: CoreDeps & {
      messages: RequestMessages;
      policy: AccessPolicy;
    },
  ) {}

  /** Active projects people may ask for, by name: never archived ones, never the Default project. */
  async requestableProjects(): Promise<Project[]> {
    const projects = await this.deps.admin.listProjects();
    return projects.filter(isRequestable).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The form again, filled in from an earlier request of the clicker's own (after it expired). */
  async requestAgainForm(requestId: string, clickerSlackId: string): Promise<RequestFormData> {
    const earlier = await findRequest(this.deps.db, requestId);
    if (!earlier || earlier.requester_slack_id !== clickerSlackId) return this.requestForm(undefined);
    return this.requestForm(earlier.project_id, { role: earlier.role, justification: earlier.justification });
  }

  /** The request form, with the project preselected when `hint` names one (by name or id, any case). */
  async requestForm(
    hint: string | undefined,
    prefill?: { role: 'member' | 'owner'; justification: string },
  ): Promise<RequestFormData> {
    const projects = await this.requestableProjects();
    const wanted = hint?.trim().toLowerCase();
    const preselected = wanted
      ? projects.find((p) => p.name.toLowerCase() === wanted || p.id.toLowerCase() === wanted)
      : undefined;
    return {
      projects,
      preselected,
      unmatchedHint: wanted && !preselected ? hint?.trim() : undefined,
      today: utcDay(this.deps.clock.now()),
      prefill,
    };
  }

  /**
   * Validates and stores a submitted form as a pending request. Runs before the modal is
   * acknowledged, so it makes only two quick look-ups (the project, the requester's email).
   */
  async submit(requesterSlackId: string, form: RequestFormInput): Promise<SubmitResult> {
    const { db, admin, people, clock } = this.deps;
    const project = form.projectId ? await admin.getProject(form.projectId) : undefined;
    const requestable = new Set(project && isRequestable(project) ? [project.id] : []);
    const validation = validateRequestForm(form, { requestableProjectIds: requestable, today: clock.now() });
    if (!validation.ok || !project) return { ok: false, errors: validation.ok ? {} : validation.errors };

    const email = await people.emailOf(requesterSlackId);
    if (email) await remember(this.deps, [{ slackId: requesterSlackId, email }]);
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
    const { db, notifier, messages, clock, policy, logger } = this.deps;
    const request = await findRequest(db, requestId);
    if (!request) return;
    const ownersInSlack = await this.ownersInSlack(request);
    const { approvers, fallback } = chooseApprovers({
      ownersInSlack,
      botAdmins: policy.botAdmins,
      requesterSlackId: request.requester_slack_id,
    });

    // Each copy is rendered from the row as it is when it is sent, and re-rendered if the request
    // was decided while it was on its way (`messages.post`): an approver may click on the first
    // copy before the last one is out.
    const forApprovers = (snapshot: RequestSnapshot): Notice => ({
      kind: 'request.for_approver',
      snapshot: { ...snapshot, approvers },
    });
    const reached: string[] = [];
    for (const approver of approvers) {
      try {
        const copy = { audience: 'approver', recipient: approver, at: clock.now() } as const;
        const posted = await messages.post(request.id, copy, forApprovers, (notice) =>
          notifier.toPerson(approver, notice),
        );
        if (posted) reached.push(approver);
      } catch (error) {
        logger.warn(`Could not send request ${request.id} to ${approver}: ${String(error)}`);
      }
    }
    if (reached.length === 0) {
      const copy = { audience: 'admin_channel', recipient: null, at: clock.now() } as const;
      await messages
        .post(request.id, copy, forApprovers, (notice) => notifier.toAdmins(notice))
        .catch((error: unknown) =>
          logger.warn(`Nobody could be asked about ${request.id}: ${String(error)}`),
        );
    }

    const routing: RoutingNote | undefined =
      reached.length === 0
        ? policy.adminChannel
          ? { kind: 'posted_in_admin_channel', channel: policy.adminChannel }
          : { kind: 'nobody_reachable' }
        : fallback
          ? { kind: 'went_to_bot_admins' }
          : undefined;
    const requester = request.requester_slack_id;
    try {
      const copy = { audience: 'requester', recipient: requester, at: clock.now() } as const;
      await messages.post(
        request.id,
        copy,
        (snapshot) => ({ kind: 'request.for_requester', snapshot, ...(routing ? { routing } : {}) }),
        (notice) => notifier.toPerson(requester, notice),
      );
    } catch (error) {
      logger.warn(`Could not tell ${requester} about request ${request.id}: ${String(error)}`);
    }
    await messages.changed([request.requester_slack_id, ...reached]);
  }

  /** Slack ids of the project's owners, per the Admin API now; an owner Slack does not know is skipped. */
  private async ownersInSlack(request: AccessRequest): Promise<string[]> {
    const { admin, people, logger } = this.deps;
    let owners: string[];
    const ownerIds = new Map<string, string>();
    try {
      owners = (await admin.listProjectUsers(request.project_id))
        .filter((u) => u.role === 'owner' && u.email)
        .map((u) => {
          ownerIds.set(u.email as string, u.id);
          return u.email as string;
        });
    } catch (error) {
      logger.warn(
        `Could not list the owners of ${request.project_id}; asking the bot admins: ${String(error)}`,
      );
      return [];
    }
    const ids: string[] = [];
    for (const email of owners) {
      try {
        const id = await people.slackIdByEmail(email);
        if (id) ids.push(id);
        if (id) await remember(this.deps, [{ slackId: id, email, openaiUserId: ownerIds.get(email) }]);
      } catch (error) {
        logger.warn(`Could not look up owner ${email} in Slack: ${String(error)}`);
      }
    }
    return ids;
  }
}
