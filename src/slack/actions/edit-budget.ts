import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { describeAdminFailure } from '../../services/access-requests.js';
import type { BudgetService } from '../../services/budgets.js';
import { budgetLoadingModal, budgetNoticeModal } from '../blocks/budget-modal.js';

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
    // The trigger id dies 3 s after the click: open at once, fill in once OpenAI has answered.
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: budgetLoadingModal() });
    const viewId = opened.view?.id;
    if (!viewId) return;
    // The button only names the project; whether the clicker may change it is decided from current data.
    const view = await services.budgets
      .settingsForm(body.user.id, { id: action.value ?? '' })
      .catch((error: unknown) => {
        logger.error(`Could not load the budget form: ${describeAdminFailure(error)}`);
        return budgetNoticeModal(
          `:warning: Could not load the budget from OpenAI. ${describeAdminFailure(error)}`,
        );
      });
    await client.views.update({ view_id: viewId, view });
  };
}
