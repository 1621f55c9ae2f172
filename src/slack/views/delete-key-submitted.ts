import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { describeAdminFailure } from '../../openai/admin-errors.js';
import type { KeyActions } from '../../services/key-actions.js';
import { failureText } from '../blocks/failure-text.js';
import { deleteOutcomeText, keyNoticeModal } from '../blocks/key-answers.js';
import { privateMetadataOf } from './view-state.js';

/**
 * "Delete key" on the confirmation: the modal says it is deleting at once (Slack waits 3 s), the
 * service checks the clicker's right again, deletes in OpenAI, and the modal shows the outcome.
 */
export function deleteKeySubmitted(services: { keyActions: KeyActions }) {
  return async function deleteKeySubmittedListener({
    ack,
    body,
    view,
    client,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    await ack({
      response_action: 'update',
      view: keyNoticeModal(':hourglass_flowing_sand: Deleting the key in OpenAI…'),
    });
    const metadata = privateMetadataOf(view) as { key?: unknown } | undefined;
    const value = typeof metadata?.key === 'string' ? metadata.key : '';
    let text: string;
    try {
      text = deleteOutcomeText(await services.keyActions.deleteKey(body.user.id, value));
    } catch (error) {
      logger.error(`Deleting API key ${value} failed: ${describeAdminFailure(error)}`);
      text = `:warning: The key was not deleted. ${failureText(error)}`;
    }
    await client.views.update({ view_id: view.id, view: keyNoticeModal(text) });
  };
}
