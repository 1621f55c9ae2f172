import type { AckFn, RespondArguments } from '@slack/bolt';
import { failureText } from '../blocks/failure-text.js';
import { peopleAnswerText } from '../blocks/people-answer.js';
import type { ListenerServices } from '../listener-services.js';
import type { Respond } from '../respond.js';

/** `/access people`, dispatched from the `/access` listener: ack, read the last check, answer privately. */
export async function peopleCommand(
  services: Pick<ListenerServices, 'peopleReport'>,
  userId: string,
  io: { ack: AckFn<string | RespondArguments>; respond: Respond },
): Promise<void> {
  await io.ack();
  const text = await services.peopleReport
    .answer(userId)
    .then(peopleAnswerText)
    .catch((error: unknown) => `Could not list people: ${failureText(error)}`);
  await io.respond({ response_type: 'ephemeral', text });
}
