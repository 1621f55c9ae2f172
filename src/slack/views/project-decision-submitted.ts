import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { DecisionResult } from '../../services/project-requests.js';
import { failureText } from '../blocks/failure-text.js';
import { refusalText } from '../blocks/refusal-text.js';
import { ProjectDecisionModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { errorsOnFields, inputValue, privateMetadataOf, ViewStateValues } from './view-state.js';

const Metadata = z.object({ requestId: z.string() });
const F = ProjectDecisionModalFields;

/**
 * Approve (with the tier and budget as the admin left them) or Deny of a project request. The
 * request id comes from private_metadata; whether the submitter may decide is checked again.
 */
export function projectDecisionSubmitted(
  { projectRequests, notifier }: ListenerServices,
  outcome: 'approve' | 'deny',
) {
  return async function projectDecisionSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const metadata = Metadata.safeParse(privateMetadataOf(view));
    const values = ViewStateValues.safeParse(view.state.values);
    if (!metadata.success || !values.success) {
      await ack();
      logger.warn('A project decision came back without its request id');
      return;
    }
    const { requestId } = metadata.data;
    const v = values.data;
    let result: DecisionResult;
    try {
      result =
        outcome === 'approve'
          ? await projectRequests.approve(body.user.id, requestId, {
              tier: inputValue(v, F.tier),
              budget: inputValue(v, F.budget),
            })
          : await projectRequests.deny(body.user.id, requestId, inputValue(v, F.reason));
    } catch (error) {
      logger.error(`Deciding ${requestId} failed: ${String(error)}`);
      await ack();
      await notifier
        .answerPrivately(body.user.id, `Nothing was decided: ${failureText(error)} Please try again.`)
        .catch(() => undefined);
      return;
    }
    if (!result.ok && 'errors' in result) {
      const errors = errorsOnFields(F, result.errors);
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    if (!result.ok) {
      await notifier.answerPrivately(body.user.id, refusalText(result.refusal)).catch(() => undefined);
      return;
    }
    if (outcome === 'approve') {
      await projectRequests
        .run(requestId)
        .catch((error: unknown) => logger.error(`Running the plan of ${requestId} failed: ${String(error)}`));
    }
  };
}
