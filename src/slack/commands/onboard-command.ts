import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { RequestIntake } from '../../services/request-intake.js';
import { onboardLoadingModal, onboardModal, onboardUnavailableModal } from '../blocks/onboard-modal.js';
import { openModalThenFill } from '../open-modal.js';
import type { Respond } from '../respond.js';

type CommandArgs = Pick<
  AllMiddlewareArgs & SlackCommandMiddlewareArgs,
  'ack' | 'command' | 'client' | 'logger'
> & {
  respond: Respond;
};

/**
 * `/access onboard [project]`: opens the group onboarding form (loading first: the trigger id dies
 * in 3 s). Who may onboard into the chosen project is checked when the form is submitted.
 */
export async function onboardCommand(
  services: { intake: RequestIntake },
  project: string | undefined,
  { ack, command, client, respond, logger }: CommandArgs,
): Promise<void> {
  await ack();
  // Only where the card goes; never trusted for who may do what.
  const metadata = JSON.stringify({ channel: command.channel_id });
  const opened = await openModalThenFill(
    { client, logger, triggerId: command.trigger_id },
    {
      what: 'onboarding form',
      loading: onboardLoadingModal(metadata),
      fill: async () => onboardModal(await services.intake.requestForm(project), metadata),
      unavailable: onboardUnavailableModal,
    },
  );
  if (!opened) {
    await respond({
      response_type: 'ephemeral',
      text: 'Slack would not open the onboarding form; please try again.',
    });
  }
}
