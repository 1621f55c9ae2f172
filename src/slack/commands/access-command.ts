import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { describeAdminFailure } from '../../services/access-requests.js';
import type { BudgetService } from '../../services/budgets.js';
import type { InviteService } from '../../services/invites.js';
import { helpText } from '../blocks/help.js';
import { loadingModal, unavailableModal } from '../blocks/request-modal.js';
import { budgetCommand } from './budget-command.js';
import { parseAccessCommand } from './parse-access-command.js';

export interface AccessCommandServices {
  requests: AccessRequestService;
  invites: InviteService;
  budgets: BudgetService;
  stallAfterHours: number;
  audit: (clickerSlackId: string, target: string | undefined) => Promise<string>;
}

export function accessCommand(services: AccessCommandServices) {
  return async function accessCommandListener({
    ack,
    command,
    client,
    respond,
    logger,
  }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> {
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
      await respond({
        response_type: 'ephemeral',
        text: await services.audit(command.user_id, parsed.target),
      });
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
      await budgetCommand(services.budgets, parsed, { ack, command, client, respond, logger });
      return;
    }
    await ack();
    // The trigger id dies 3 s after the command: open at once, fill in once OpenAI has answered.
    let viewId: string | undefined;
    try {
      const opened = await client.views.open({ trigger_id: command.trigger_id, view: loadingModal() });
      viewId = opened.view?.id;
    } catch (error) {
      logger.error(`Could not open the request form: ${String(error)}`);
      await respond({
        response_type: 'ephemeral',
        text: 'Slack would not open the request form; please try again.',
      });
      return;
    }
    if (!viewId) return;
    try {
      const form = await services.requests.requestForm(parsed.projectHint);
      await client.views.update({ view_id: viewId, view: form });
    } catch (error) {
      logger.error(`Could not load projects for the request form: ${String(error)}`);
      await client.views.update({
        view_id: viewId,
        view: unavailableModal(`Could not load the projects from OpenAI. ${describeAdminFailure(error)}`),
      });
    }
  };
}
