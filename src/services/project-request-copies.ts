import { planStepsOf } from '../db/project-plans.js';
import { findProjectRequest, setProjectRequestCopy } from '../db/project-requests.js';
import type { CoreDeps } from './core-deps.js';
import type { ProjectRequestView } from './project-notices.js';

/**
 * The Slack copies of a project request: the admins' card and the requester's DM. Posted once,
 * then re-rendered in place from current data whenever the request or its plan moves.
 */
export class ProjectRequestCopies {
  constructor(private readonly deps: Pick<CoreDeps, 'db' | 'notifier' | 'logger'>) {}

  async view(requestId: string): Promise<ProjectRequestView | undefined> {
    const request = await findProjectRequest(this.deps.db, requestId);
    if (!request) return undefined;
    return { request, steps: await planStepsOf(this.deps.db, requestId) };
  }

  /** The admins' card (throws when no admin could be reached) and the requester's copy. */
  async post(requestId: string): Promise<void> {
    const { db, notifier, logger } = this.deps;
    const view = await this.view(requestId);
    if (!view) return;
    const card = await notifier.toAdmins({ kind: 'project_request.card', audience: 'admins', view });
    if (card) await setProjectRequestCopy(db, requestId, 'admins', card);
    try {
      const copy = await notifier.toPerson(view.request.requester_slack_id, {
        kind: 'project_request.card',
        audience: 'requester',
        view,
      });
      await setProjectRequestCopy(db, requestId, 'requester', copy);
    } catch (error) {
      logger.warn(`Could not DM ${view.request.requester_slack_id} their project request: ${String(error)}`);
    }
    await notifier.peopleChanged([view.request.requester_slack_id]);
  }

  /** Re-renders both copies; a copy Slack refuses to update is logged, never fatal. */
  async refresh(requestId: string): Promise<void> {
    const { notifier, logger } = this.deps;
    const view = await this.view(requestId);
    if (!view) return;
    const { request } = view;
    const targets = [
      { audience: 'admins' as const, channel: request.card_channel, ts: request.card_ts },
      { audience: 'requester' as const, channel: request.requester_channel, ts: request.requester_ts },
    ];
    for (const target of targets) {
      if (!target.channel || !target.ts) continue;
      await notifier
        .replace(
          { channel: target.channel, ts: target.ts },
          { kind: 'project_request.card', audience: target.audience, view },
        )
        .catch((error: unknown) => logger.warn(`Could not update a copy of ${requestId}: ${String(error)}`));
    }
    await notifier.peopleChanged([request.requester_slack_id]);
  }

  async summarize(requestId: string): Promise<void> {
    const { notifier, logger } = this.deps;
    const view = await this.view(requestId);
    if (!view) return;
    await notifier
      .toPerson(view.request.requester_slack_id, { kind: 'project_request.summary', view })
      .catch((error: unknown) => logger.warn(`Could not DM the summary of ${requestId}: ${String(error)}`));
    await notifier.toAdmins({ kind: 'project_request.summary', view });
  }
}
