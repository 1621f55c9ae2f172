import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { failureText } from '../blocks/failure-text.js';
import { refusalText } from '../blocks/refusal-text.js';
import { ProjectDecisionModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { inputValue, privateMetadataOf, ViewStateValues } from './view-state.js';

const Metadata = z.object({ projectId: z.string() });

/** The archive confirmation: a bot admin's runs now, an owner's goes to the admins. Re-authorized. */
export function archiveSubmitted({ projectRequests, notifier }: ListenerServices) {
  return async function archiveSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const metadata = Metadata.safeParse(privateMetadataOf(view));
    const values = ViewStateValues.safeParse(view.state.values);
    if (!metadata.success || !values.success || !values.data[ProjectDecisionModalFields.reason.block]) {
      // The loading or notice version of the modal: nothing to confirm.
      await ack();
      return;
    }
    const reason = inputValue(values.data, ProjectDecisionModalFields.reason) ?? '';
    try {
      const result = await projectRequests.confirmArchive(body.user.id, metadata.data.projectId, reason);
      if (!result.ok && 'errors' in result) {
        await ack({
          response_action: 'errors',
          errors: { [ProjectDecisionModalFields.reason.block]: result.errors.reason ?? '' },
        });
        return;
      }
      await ack();
      if (!result.ok) {
        await notifier.answerPrivately(body.user.id, refusalText(result.refusal)).catch(() => undefined);
        return;
      }
      await projectRequests.announce(result.request.id);
      if (result.direct) await projectRequests.run(result.request.id);
    } catch (error) {
      logger.error(`Archiving ${metadata.data.projectId} failed: ${String(error)}`);
      await ack().catch(() => undefined);
      await notifier
        .answerPrivately(body.user.id, `The archive did not go through: ${failureText(error)}`)
        .catch(() => undefined);
    }
  };
}
