import { claimAppliedAnnouncement, findRequest, transitionRequest } from '../db/access-requests.js';
import type { AccessRequest } from '../db/schema.js';
import { insertServiceAccountRequest, namesInFlight } from '../db/service-account-requests.js';
import { utcDay } from '../domain/request-form.js';
import { type ServiceAccountFormInput, validateServiceAccountForm } from '../domain/service-accounts.js';
import { isRequestable, type Project } from '../openai/admin-types.js';
import { type ClickAnswer, refuse } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import type { OtherKindHandler } from './request-applier.js';
import type { RequestIntake } from './request-intake.js';
import type { RequestMessages } from './request-messages.js';

export interface ServiceAccountFormData {
  projects: readonly Project[];
  preselected?: Project | undefined;
  unmatchedHint?: string | undefined;
  today: string;
}

export type ServiceAccountSubmit =
  | { ok: true; request: AccessRequest }
  | { ok: false; errors: Partial<Record<'project' | 'name' | 'purpose' | 'endDate', string>> };

/**
 * Asking for a service account (or a new key for one), and what approval means for it. The
 * request is an access request of another kind: the same approvers, copies, reminders and
 * expiry (RequestIntake, RequestDecisions, the request sweep). Approval makes nothing in OpenAI
 * yet: the requester gets a Show key button, and the account and key are made at that click
 * (ServiceAccountKeys), so the secret never waits anywhere.
 */
export class ServiceAccountRequests implements OtherKindHandler {
  constructor(private readonly deps: CoreDeps & { intake: RequestIntake; messages: RequestMessages }) {}

  async form(hint: string | undefined): Promise<ServiceAccountFormData> {
    const projects = await this.deps.intake.requestableProjects();
    const wanted = hint?.trim().toLowerCase();
    const preselected = wanted
      ? projects.find((p) => p.name.toLowerCase() === wanted || p.id.toLowerCase() === wanted)
      : undefined;
    return {
      projects,
      preselected,
      unmatchedHint: wanted && !preselected ? hint?.trim() : undefined,
      today: utcDay(this.deps.clock.now()),
    };
  }

  /** Validates and stores the form as a pending request; the caller then announces it. */
  async submit(requesterSlackId: string, form: ServiceAccountFormInput): Promise<ServiceAccountSubmit> {
    const { db, admin, people, clock } = this.deps;
    const project = form.projectId ? await admin.getProject(form.projectId) : undefined;
    const requestable = new Set(project && isRequestable(project) ? [project.id] : []);
    const taken = project
      ? [
          ...(await admin.listServiceAccounts(project.id)).map((a) => a.name),
          ...(await namesInFlight(db, project.id)),
        ]
      : [];
    const checked = validateServiceAccountForm(form, {
      requestableProjectIds: requestable,
      takenNames: taken,
      today: clock.now(),
    });
    if (!checked.ok || !project) return { ok: false, errors: checked.ok ? {} : checked.errors };
    const email = await people.emailOf(requesterSlackId);
    if (!email) {
      return {
        ok: false,
        errors: {
          project:
            'Your Slack profile has no confirmed email, so the owners cannot tell who asks. Ask an admin.',
        },
      };
    }
    const request = await insertServiceAccountRequest(
      db,
      {
        kind: 'service_account',
        requesterSlackId,
        requesterEmail: email,
        projectId: project.id,
        projectName: project.name,
        name: checked.value.name,
        purpose: checked.value.purpose,
        endsOn: checked.value.endDate,
      },
      clock.now(),
    );
    return { ok: true, request };
  }

  /**
   * "Create a new key" after a key was shown (or its button expired): a new request the owners
   * approve again, for the same account when it exists, else for an account of the same name.
   */
  async askForNewKey(requestId: string, clickerSlackId: string): Promise<ClickAnswer> {
    const { db, clock } = this.deps;
    const earlier = await findRequest(db, requestId);
    if (!earlier || earlier.kind === 'access') return refuse({ kind: 'no_such_request', requestId });
    if (earlier.requester_slack_id !== clickerSlackId) {
      return refuse({ kind: 'service_account', why: { reason: 'not_yours' } });
    }
    const accountId = earlier.service_account_id;
    if (
      accountId &&
      !(await this.deps.admin.listServiceAccounts(earlier.project_id)).some((a) => a.id === accountId)
    ) {
      return refuse({ kind: 'service_account', why: { reason: 'unknown_account' } });
    }
    const request = await insertServiceAccountRequest(
      db,
      {
        kind: accountId ? 'service_account_key' : 'service_account',
        requesterSlackId: clickerSlackId,
        requesterEmail: earlier.requester_email,
        projectId: earlier.project_id,
        projectName: earlier.project_name,
        name: earlier.service_account_name ?? '',
        purpose: earlier.justification,
        endsOn: accountId ? null : earlier.service_account_ends_on,
        serviceAccountId: accountId,
      },
      clock.now(),
    );
    await this.deps.intake.announce(request.id);
    return { ok: true };
  }

  /** Approved: nothing to make in OpenAI yet, so it is ready at once (applied) and announced. */
  async apply(request: AccessRequest): Promise<void> {
    const { db, clock } = this.deps;
    const ready = await transitionRequest(db, {
      id: request.id,
      from: 'approved',
      to: 'applied',
      actor: 'system',
      action: `${request.kind}.ready`,
      at: clock.now(),
    });
    if (ready) await this.announceApplied(ready);
  }

  /** The Show key message, once (claimed first): the sweep calls this again after a crash. */
  async announceApplied(request: AccessRequest): Promise<void> {
    const { db, clock, logger, messages, notifier } = this.deps;
    await messages.refreshAll(request.id);
    if (!(await claimAppliedAnnouncement(db, request.id, clock.now()))) return;
    await notifier
      .toPerson(request.requester_slack_id, { kind: 'service_account.key_ready', request })
      .catch((error: unknown) =>
        logger.warn(`Could not send the Show key message of ${request.id}: ${String(error)}`),
      );
  }
}
