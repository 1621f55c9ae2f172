import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ServiceAccountServices } from '../../services/service-account-wiring.js';
import { failureText } from '../blocks/failure-text.js';
import { refusalText } from '../blocks/refusal-text.js';
import { serviceAccountList } from '../blocks/service-account-list.js';
import {
  serviceAccountLoadingModal,
  serviceAccountRequestModal,
  serviceAccountUnavailableModal,
} from '../blocks/service-account-modals.js';
import { openModalThenFill } from '../open-modal.js';
import type { Respond } from '../respond.js';
import type { ServiceAccountCommand } from './parse-access-command.js';

type CommandArgs = Pick<
  AllMiddlewareArgs & SlackCommandMiddlewareArgs,
  'ack' | 'command' | 'client' | 'logger'
> & {
  respond: Respond;
};

/** `/access service-account [project]` and `/access service-accounts <project>`; acks at once. */
export async function serviceAccountCommand(
  services: { serviceAccounts: ServiceAccountServices },
  parsed: ServiceAccountCommand,
  { ack, command, client, respond, logger }: CommandArgs,
): Promise<void> {
  const { requests, admin } = services.serviceAccounts;
  if (parsed.kind === 'service-accounts') {
    if (!parsed.project) {
      await ack({
        response_type: 'ephemeral',
        text: 'Which project? Type `/access service-accounts <project name>`.',
      });
      return;
    }
    await ack();
    try {
      const list = await admin.list(parsed.project, command.user_id);
      await respond(
        list.ok
          ? { response_type: 'ephemeral', ...serviceAccountList(list.project, list.accounts) }
          : { response_type: 'ephemeral', text: refusalText(list.refusal) },
      );
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        text: `Could not list the service accounts. ${failureText(error)}`,
      });
    }
    return;
  }
  await ack();
  const opened = await openModalThenFill(
    { client, logger, triggerId: command.trigger_id },
    {
      what: 'service-account form',
      loading: serviceAccountLoadingModal(),
      fill: async () => serviceAccountRequestModal(await requests.form(parsed.projectHint)),
      unavailable: serviceAccountUnavailableModal,
    },
  );
  if (!opened) {
    await respond({ response_type: 'ephemeral', text: 'Slack would not open the form; please try again.' });
  }
}
