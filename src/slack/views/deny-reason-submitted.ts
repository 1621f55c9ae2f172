import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import {
  type AccessRequestService,
  type ClickAnswer,
  describeAdminFailure,
} from '../../services/access-requests.js';
import { DenyModalFields } from '../ids.js';
import { inputValue, privateMetadataOf, ViewStateValues } from './view-state.js';

const DenyMetadata = z.object({ requestId: z.string() });

export function denyReasonSubmitted(services: { requests: AccessRequestService }) {
  return async function denyReasonSubmittedListener({
    ack,
    body,
    view,
    client,
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
    const answer = await services.requests
      .deny(metadata.data.requestId, body.user.id, reason)
      .catch((error: unknown): ClickAnswer => {
        logger.error(`Denying ${metadata.data.requestId} failed: ${String(error)}`);
        return {
          ok: false,
          text: `The request was not denied: ${describeAdminFailure(error)} Please try again.`,
        };
      });
    // A modal submission has no response_url; the refusal goes to the clicker's DM.
    if (!answer.ok)
      await client.chat.postMessage({ channel: body.user.id, text: answer.text }).catch(() => undefined);
  };
}
