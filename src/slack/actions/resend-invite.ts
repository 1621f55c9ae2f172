import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { InviteService } from '../../services/invites.js';
import { tellClicker } from './tell-clicker.js';

/** "Re-send invite" on a stalled invite and "Re-invite" on an expired one: the same operation. */
export function resendInvite(services: { invites: InviteService }) {
  return async function resendInviteListener({
    ack,
    action,
    body,
    respond,
    client,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const answer = await services.invites.resend(action.value ?? '', body.user.id);
    if (!answer.ok) await tellClicker({ body, respond, client }, answer.text);
  };
}
