import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { ClickAnswer } from '../../services/click-answer.js';
import { failureText } from '../blocks/failure-text.js';
import { refusalText } from '../blocks/refusal-text.js';
import { KeepModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { inputValue, privateMetadataOf, ViewStateValues } from './view-state.js';

const CardMetadata = z.object({ cardId: z.string() });
type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/** The confirmation modal of Remove from OpenAI, submitted: the service re-checks and removes. */
export function offboardRemoveSubmitted({ offboardingDecisions, notifier }: ListenerServices) {
  return async function offboardRemoveSubmittedListener({ ack, body, view, logger }: Args): Promise<void> {
    await ack();
    const metadata = CardMetadata.safeParse(privateMetadataOf(view));
    if (!metadata.success) return logger.warn('A removal modal came back without its card id');
    await answer(notifier, body.user.id, logger, 'The person was not removed', () =>
      offboardingDecisions.remove(metadata.data.cardId, body.user.id),
    );
  };
}

/** The Keep modal, submitted: an empty reason is refused on the field; the rest is the service's. */
export function offboardKeepSubmitted({ offboardingDecisions, notifier }: ListenerServices) {
  return async function offboardKeepSubmittedListener({ ack, body, view, logger }: Args): Promise<void> {
    const values = ViewStateValues.safeParse(view.state.values);
    const reason = values.success ? inputValue(values.data, KeepModalFields.reason)?.trim() : undefined;
    if (!reason) {
      await ack({
        response_action: 'errors',
        errors: { [KeepModalFields.reason.block]: 'Say why this person keeps their OpenAI access.' },
      });
      return;
    }
    await ack();
    const metadata = CardMetadata.safeParse(privateMetadataOf(view));
    if (!metadata.success) return logger.warn('A keep modal came back without its card id');
    await answer(notifier, body.user.id, logger, 'Nothing was recorded', () =>
      offboardingDecisions.keep(metadata.data.cardId, body.user.id, reason),
    );
  };
}

async function answer(
  notifier: ListenerServices['notifier'],
  userId: string,
  logger: Args['logger'],
  failed: string,
  run: () => Promise<ClickAnswer>,
): Promise<void> {
  let text: string | undefined;
  try {
    const outcome = await run();
    if (!outcome.ok) text = refusalText(outcome.refusal);
  } catch (error) {
    logger.error(`An offboarding decision failed: ${String(error)}`);
    text = `${failed}: ${failureText(error)} Please try again.`;
  }
  // A modal submission has no response_url; the refusal goes to the person's DM.
  if (text) await notifier.answerPrivately(userId, text).catch(() => undefined);
}
