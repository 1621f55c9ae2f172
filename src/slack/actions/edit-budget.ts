import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { BudgetService } from '../../services/budgets.js';
import { budgetLoadingModal, budgetNoticeModal } from '../blocks/budget-modal.js';
import { openModalThenFill } from '../open-modal.js';

/** "Set a budget" / "Change budget or hard limit" under `/access budget <project>`: opens the modal. */
export function editBudget(services: { budgets: BudgetService }) {
  return async function editBudgetListener({
    ack,
    action,
    body,
    client,
    logger,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    // The button only names the project; whether the clicker may change it is decided from current data.
    await openModalThenFill(
      { client, logger, triggerId: body.trigger_id },
      {
        what: 'budget form',
        loading: budgetLoadingModal(),
        fill: () => services.budgets.settingsForm(body.user.id, { id: action.value ?? '' }),
        unavailable: (reason) => budgetNoticeModal(`:warning: ${reason}`),
      },
    );
  };
}
