import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { auditAnswerText } from '../blocks/audit.js';
import { failureText } from '../blocks/failure-text.js';
import { helpText } from '../blocks/help.js';
import { invitesOverview } from '../blocks/invite-messages.js';
import { refusalText } from '../blocks/refusal-text.js';
import { loadingModal, requestModal, unavailableModal } from '../blocks/request-modal.js';
import type { ListenerServices } from '../listener-services.js';
import { openModalThenFill } from '../open-modal.js';
import { responder } from '../respond.js';
import { budgetCommand } from './budget-command.js';
import { keysCommand } from './keys-command.js';
import { onboardCommand } from './onboard-command.js';
import { parseAccessCommand } from './parse-access-command.js';
import { peopleCommand } from './people-command.js';
import { projectCommand } from './project-command.js';
import { serviceAccountCommand } from './service-account-command.js';

export function accessCommand(services: ListenerServices) {
  return async function accessCommandListener({
    ack,
    command,
    client,
    logger,
  }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> {
    const respond = responder(command.response_url);
    const parsed = parseAccessCommand(command.text);
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: helpText() });
      return;
    }
    if (parsed.kind === 'unknown') {
      await ack({ response_type: 'ephemeral', text: helpText(parsed.text) });
      return;
    }
    if (parsed.kind === 'audit') {
      await ack();
      const text = await services
        .audit(command.user_id, parsed.target)
        .then(auditAnswerText)
        .catch((error: unknown) => `Could not read the audit trail: ${failureText(error)}`);
      await respond({ response_type: 'ephemeral', text });
      return;
    }
    if (parsed.kind === 'people') {
      await peopleCommand(services, command.user_id, { ack, respond });
      return;
    }
    if (parsed.kind === 'invites') {
      await ack();
      try {
        const overview = await services.invites.overview(command.user_id, services.stallAfterHours);
        const text = overview.ok ? invitesOverview(overview.rows) : refusalText(overview.refusal);
        await respond({ response_type: 'ephemeral', text });
      } catch (error) {
        await respond({
          response_type: 'ephemeral',
          text: `Could not list the invites. ${failureText(error)}`,
        });
      }
      return;
    }
    if (parsed.kind === 'budget' || parsed.kind === 'budget-set' || parsed.kind === 'budget-export') {
      await budgetCommand(services, parsed, { ack, command, client, respond, logger });
      return;
    }
    if (parsed.kind === 'new-project' || parsed.kind === 'archive') {
      await projectCommand(services, parsed, { ack, command, client, respond, logger });
      return;
    }
    if (parsed.kind === 'service-account' || parsed.kind === 'service-accounts') {
      await serviceAccountCommand(services, parsed, { ack, command, client, respond, logger });
      return;
    }
    if (parsed.kind === 'keys' || parsed.kind === 'project') {
      await keysCommand(services, parsed, { ack, command, respond, logger });
      return;
    }
    if (parsed.kind === 'onboard') {
      await onboardCommand(services, parsed.project, { ack, command, client, respond, logger });
      return;
    }
    await ack();
    const opened = await openModalThenFill(
      { client, logger, triggerId: command.trigger_id },
      {
        what: 'request form',
        loading: loadingModal(),
        fill: async () => requestModal(await services.intake.requestForm(parsed.projectHint)),
        unavailable: unavailableModal,
      },
    );
    if (!opened) {
      await respond({
        response_type: 'ephemeral',
        text: 'Slack would not open the request form; please try again.',
      });
    }
  };
}
