import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { tellClicker } from './tell-clicker.js';

export function approveRequest(services: { requests: AccessRequestService }) {
  return async function approveRequestListener({
    ack,
    action,
    body,
    respond,
    client,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    // The button's value only names the request; who may approve is decided from current data.
    const answer = await services.requests.approve(action.value ?? '', body.user.id);
    if (!answer.ok) await tellClicker({ body, respond, client }, answer.text);
  };
}
