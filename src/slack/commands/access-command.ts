import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { describeAdminFailure } from '../../openai/admin-errors.js';
import type { AccessRequestService } from '../../services/access-requests.js';
import type { AuditAnswer } from '../../services/audit-log.js';
import type { InviteService } from '../../services/invites.js';
import { auditAnswerText } from '../blocks/audit.js';
import { helpText } from '../blocks/help.js';
import { loadingModal, unavailableModal } from '../blocks/request-modal.js';
import { openModalThenFill } from '../open-modal.js';
import { responder } from '../respond.js';
import { type BudgetCommandServices, budgetCommand } from './budget-command.js';
import { parseAccessCommand } from './parse-access-command.js';

export interface AccessCommandServices extends BudgetCommandServices {
  requests: AccessRequestService;
  invites: InviteService;
  stallAfterHours: number;
  audit: (clickerSlackId: string, target: string | undefined) => Promise<AuditAnswer>;
}

export function accessCommand(services: AccessCommandServices) {
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
        .catch((error: unknown) => `Could not read the audit trail: ${describeAdminFailure(error)}`);
      await respond({ response_type: 'ephemeral', text });
      return;
    }
    if (parsed.kind === 'invites') {
      await ack();
      try {
        const text = await services.invites.overview(command.user_id, services.stallAfterHours);
        await respond({ response_type: 'ephemeral', text });
      } catch (error) {
        await respond({
          response_type: 'ephemeral',
          text: `Could not list the invites. ${describeAdminFailure(error)}`,
        });
      }
      return;
    }
    if (parsed.kind === 'budget' || parsed.kind === 'budget-set' || parsed.kind === 'budget-export') {
      await budgetCommand(services, parsed, { ack, command, client, respond, logger });
      return;
    }
    await ack();
    const opened = await openModalThenFill(
      { client, logger, triggerId: command.trigger_id },
      {
        what: 'request form',
        loading: loadingModal(),
        fill: () => services.requests.requestForm(parsed.projectHint),
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
