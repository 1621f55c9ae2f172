import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from './click.js';
import type { Harness, Person } from './harness.js';
import { requestFormValues } from './request-form.js';

export const JUSTIFICATION = 'Running evaluation jobs for my thesis chapter on retrieval.';

/** `/access request <project>`, then submits the modal that opened; returns the new request's id. */
export async function submitRequest(
  h: Harness,
  who: Person,
  form: {
    projectId: string;
    projectName: string;
    role?: 'member' | 'owner';
    endDate?: string;
    justification?: string;
  },
): Promise<string> {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: `request ${form.projectName}` }));
  const view = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
  await h.settle(
    h.sender.viewSubmissionOf({
      userId: who.slackId,
      view,
      values: requestFormValues({
        projectId: form.projectId,
        role: form.role ?? 'member',
        justification: form.justification ?? JUSTIFICATION,
        ...(form.endDate ? { endDate: form.endDate } : {}),
      }),
    }),
  );
  const request = await h.bot.db
    .selectFrom('access_requests')
    .select('id')
    .where('requester_slack_id', '=', who.slackId)
    .where('project_id', '=', form.projectId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return request.id;
}

export async function approve(h: Harness, approver: Person, requestId: string): Promise<void> {
  await h.settle(clickButton(h, approver.slackId, ActionIds.approveRequest, requestId));
}

export async function requestRow(h: Harness, id: string) {
  return h.bot.db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
