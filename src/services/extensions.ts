import type { Clock } from '../clock.js';
import { findOpenRequestFor, findRequest, insertPendingRequest } from '../db/access-requests.js';
import type { Db } from '../db/database.js';
import { justificationProblem, utcDay } from '../domain/request-form.js';
import { type Refusal, refuse } from './click-answer.js';

export type ExtensionResult =
  | { ok: true; requestId: string }
  | { ok: false; errors: Partial<Record<'endDate' | 'justification', string>> }
  | { ok: false; refusal: Refusal };

/** What the "Extend" form shows: the grant and its current end date. */
export interface ExtensionForm {
  grantId: string;
  projectName: string;
  currentEnd: string;
}

/**
 * "Extend" on the 24-hour warning files an extension request: a new request for the same
 * project and role, marked as extending the grant, decided by the same owners like any other.
 */
export class ExtensionService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /** The "Extend" button: the form, for the person who holds the access only. */
  async form(
    grantId: string,
    clickerSlackId: string,
  ): Promise<{ ok: true; form: ExtensionForm } | { ok: false; refusal: Refusal }> {
    const grant = await findRequest(this.deps.db, grantId);
    if (!grant || grant.requester_slack_id !== clickerSlackId) return refuse({ kind: 'only_holder_extends' });
    if (grant.status !== 'applied' || !grant.access_ends_on) {
      return refuse({ kind: 'nothing_to_extend', status: grant.status });
    }
    return { ok: true, form: { grantId, projectName: grant.project_name, currentEnd: grant.access_ends_on } };
  }

  async submit(
    grantId: string,
    clickerSlackId: string,
    form: { endDate: string | undefined; justification: string | undefined },
  ): Promise<ExtensionResult> {
    const { db, clock } = this.deps;
    const grant = await findRequest(db, grantId);
    // Checked again at submit: the grant may have ended while the form was open.
    if (
      !grant ||
      grant.requester_slack_id !== clickerSlackId ||
      grant.status !== 'applied' ||
      !grant.access_ends_on
    ) {
      return refuse({ kind: 'extension_closed' });
    }
    const errors: Partial<Record<'endDate' | 'justification', string>> = {};
    if (!form.endDate) errors.endDate = 'Pick the new end date.';
    else if (form.endDate <= grant.access_ends_on)
      errors.endDate = `Pick a date after the current end (${grant.access_ends_on}).`;
    else if (form.endDate <= utcDay(clock.now())) errors.endDate = 'Pick a date after today.';
    const problem = justificationProblem(form.justification ?? '');
    if (problem) errors.justification = problem;
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const open = await findOpenRequestFor(db, clickerSlackId, grant.project_id);
    if (open)
      return {
        ok: false,
        errors: { endDate: `You already have an open request for this project (${open.id}).` },
      };

    const extension = await insertPendingRequest(
      db,
      {
        requester_slack_id: grant.requester_slack_id,
        requester_email: grant.requester_email,
        project_id: grant.project_id,
        project_name: grant.project_name,
        role: grant.role,
        justification: (form.justification ?? '').trim(),
        access_ends_on: form.endDate as string,
        extends_request_id: grant.id,
      },
      clock.now(),
    );
    if (!extension)
      return { ok: false, errors: { endDate: 'You already have an open request for this project.' } };
    return { ok: true, requestId: extension.id };
  }
}
