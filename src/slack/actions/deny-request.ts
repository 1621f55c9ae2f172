import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { tellClicker } from './tell-clicker.js';

export function denyRequest(services: { requests: AccessRequestService }) {
  return async function denyRequestListener({
    ack,
    action,
    body,
    respond,
    client,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const answer = await services.requests.startDeny(action.value ?? '', body.user.id, body.trigger_id);
    if (!answer.ok) await tellClicker({ body, respond, client }, answer.text);
  };
}
