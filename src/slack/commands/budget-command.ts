import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { describeAdminFailure } from '../../services/access-requests.js';
import type { BudgetService } from '../../services/budgets.js';
import { budgetLoadingModal, budgetNoticeModal } from '../blocks/budget-modal.js';
import { ACCESS_COMMAND } from '../ids.js';
import type { BudgetCommand } from './parse-access-command.js';

type CommandArgs = Pick<
  AllMiddlewareArgs & SlackCommandMiddlewareArgs,
  'ack' | 'command' | 'client' | 'respond' | 'logger'
>;

/**
 * `/access budget …`, dispatched from the `/access` listener. Acknowledges at once, then reads
 * OpenAI and answers privately (or opens the budget modal, loading first: the trigger id dies in 3 s).
 */
export async function budgetCommand(
  budgets: BudgetService,
  parsed: BudgetCommand,
  { ack, command, client, respond, logger }: CommandArgs,
): Promise<void> {
  if (parsed.kind === 'budget-set' && !parsed.project) {
    await ack({
      response_type: 'ephemeral',
      text: `Name the project: \`${ACCESS_COMMAND} budget set <project>\`.`,
    });
    return;
  }
  await ack();
  const answer = async (work: () => Promise<{ text: string; blocks?: KnownBlock[] }>, failure: string) => {
    try {
      await respond({ response_type: 'ephemeral', ...(await work()) });
    } catch (error) {
      logger.warn(`${failure}: ${describeAdminFailure(error)}`);
      await respond({ response_type: 'ephemeral', text: `${failure}. ${describeAdminFailure(error)}` });
    }
  };
  switch (parsed.kind) {
    case 'budget':
      await answer(
        () =>
          parsed.project
            ? budgets.detail(command.user_id, parsed.project)
            : budgets.overview(command.user_id),
        'Could not read the budgets',
      );
      return;
    case 'budget-export':
      await answer(
        async () => ({ text: await budgets.exportCosts(command.user_id, parsed) }),
        'Could not export the costs',
      );
      return;
    case 'budget-set': {
      let viewId: string | undefined;
      try {
        viewId = (await client.views.open({ trigger_id: command.trigger_id, view: budgetLoadingModal() }))
          .view?.id;
      } catch (error) {
        logger.error(`Could not open the budget modal: ${String(error)}`);
        await respond({
          response_type: 'ephemeral',
          text: 'Slack would not open the budget form; please try again.',
        });
        return;
      }
      if (!viewId) return;
      try {
        await client.views.update({
          view_id: viewId,
          view: await budgets.settingsForm(command.user_id, { typed: parsed.project ?? '' }),
        });
      } catch (error) {
        logger.error(`Could not load the budget form: ${describeAdminFailure(error)}`);
        await client.views.update({
          view_id: viewId,
          view: budgetNoticeModal(
            `:warning: Could not load the budget from OpenAI. ${describeAdminFailure(error)}`,
          ),
        });
      }
      return;
    }
  }
}
