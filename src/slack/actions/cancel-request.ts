import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { tellClicker } from './tell-clicker.js';

export function cancelRequest(services: { requests: AccessRequestService }) {
  return async function cancelRequestListener({
    ack,
    action,
    body,
    respond,
    client,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const answer = await services.requests.cancel(action.value ?? '', body.user.id);
    if (!answer.ok) await tellClicker({ body, respond, client }, answer.text);
  };
}
