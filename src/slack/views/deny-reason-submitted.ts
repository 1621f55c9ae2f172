import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { failureText } from '../blocks/failure-text.js';
import { refusalText } from '../blocks/refusal-text.js';
import { DenyModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { inputValue, privateMetadataOf, ViewStateValues } from './view-state.js';

const DenyMetadata = z.object({ requestId: z.string() });

export function denyReasonSubmitted({ decisions, notifier }: ListenerServices) {
  return async function denyReasonSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    await ack();
    const metadata = DenyMetadata.safeParse(privateMetadataOf(view));
    if (!metadata.success) {
      logger.warn('A deny modal came back without its request id');
      return;
    }
    const values = ViewStateValues.safeParse(view.state.values);
    const reason = values.success ? (inputValue(values.data, DenyModalFields.reason) ?? null) : null;
    let text: string | undefined;
    try {
      const answer = await decisions.deny(metadata.data.requestId, body.user.id, reason);
      if (!answer.ok) text = refusalText(answer.refusal);
    } catch (error) {
      logger.error(`Denying ${metadata.data.requestId} failed: ${String(error)}`);
      text = `The request was not denied: ${failureText(error)} Please try again.`;
    }
    // A modal submission has no response_url; the refusal goes to the clicker's DM.
    if (text) await notifier.answerPrivately(body.user.id, text).catch(() => undefined);
  };
}
