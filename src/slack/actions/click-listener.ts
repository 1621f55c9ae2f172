import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { ClickAnswer } from '../../services/click-answer.js';
import { failureText } from '../blocks/failure-text.js';
import { clickNoteText, refusalText } from '../blocks/refusal-text.js';
import type { SlackNotifier } from '../notifier/slack-notifier.js';
import { responder } from '../respond.js';

export interface Click {
  /** The button's value: only ever an id; whether the clicker may act is decided from current data. */
  value: string;
  userId: string;
  /** Opens a modal on this click's trigger (valid for 3 s after the click). */
  openModal(view: ModalView): Promise<void>;
}

/**
 * A button listener: ack at once, hand the click to a service, and tell the clicker privately
 * when it changed nothing (already decided, not allowed, …).
 */
export function clickListener(notifier: SlackNotifier, handle: (click: Click) => Promise<ClickAnswer>) {
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
    let text: string | undefined;
    try {
      const answer = await handle({
        value: action.value ?? '',
        userId: body.user.id,
        openModal: async (view) => {
          await client.views.open({ trigger_id: body.trigger_id, view });
        },
      });
      if (!answer.ok) text = refusalText(answer.refusal);
      else if (answer.note) text = clickNoteText(answer.note);
    } catch (error) {
      // Slack has its ack already: the person must still hear that nothing happened, and why.
      logger.error(`A click on ${action.action_id} failed: ${String(error)}`);
      text = `That did not work: ${failureText(error)} Please try again in a minute.`;
    }
    if (text) await tellClicker(notifier, body, text).catch(() => undefined);
  };
}

/**
 * Answers the person who clicked, privately: through the message's response_url when the click
 * was on a message, or as a DM when it came from the App Home tab (which has none).
 */
async function tellClicker(notifier: SlackNotifier, body: BlockAction, text: string): Promise<void> {
  if (body.response_url) {
    await responder(body.response_url)({ response_type: 'ephemeral', replace_original: false, text });
    return;
  }
  await notifier.answerPrivately(body.user.id, text);
}
