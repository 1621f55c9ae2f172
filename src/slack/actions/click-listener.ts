import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describeAdminFailure } from '../../openai/admin-errors.js';
import type { ClickAnswer } from '../../services/access-requests.js';
import { responder } from '../respond.js';

export interface Click {
  /** The button's value: only ever an id; whether the clicker may act is decided from current data. */
  value: string;
  userId: string;
  triggerId: string;
}

/**
 * A button listener: ack at once, hand the click to a service, and tell the clicker privately
 * when it changed nothing (already decided, not allowed, …).
 */
export function clickListener(handle: (click: Click) => Promise<ClickAnswer>) {
  return async function buttonClicked({
    ack,
    action,
    body,
    client,
    logger,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    // Let Slack's other waiting requests be acknowledged before this click's slow work starts.
    await new Promise((resolve) => setImmediate(resolve));
    let answer: ClickAnswer;
    try {
      answer = await handle({ value: action.value ?? '', userId: body.user.id, triggerId: body.trigger_id });
    } catch (error) {
      // Slack has its ack already: the person must still hear that nothing happened, and why.
      logger.error(`A click on ${action.action_id} failed: ${String(error)}`);
      answer = {
        ok: false,
        text: `That did not work: ${describeAdminFailure(error)} Please try again in a minute.`,
      };
    }
    if (!answer.ok) await tellClicker({ body, client }, answer.text).catch(() => undefined);
  };
}

/**
 * Answers the person who clicked, privately: through the message's response_url when the click
 * was on a message, or as a DM when it came from the App Home tab (which has none).
 */
export async function tellClicker(
  args: { body: BlockAction; client: WebClient },
  text: string,
): Promise<void> {
  if (args.body.response_url) {
    await responder(args.body.response_url)({ response_type: 'ephemeral', replace_original: false, text });
    return;
  }
  await args.client.chat.postMessage({ channel: args.body.user.id, text });
}
