import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { describeAdminFailure } from '../../openai/admin-errors.js';
import type { BudgetService } from '../../services/budgets.js';
import { budgetNoticeModal } from '../blocks/budget-modal.js';
import { privateMetadataOf } from './view-state.js';

/**
 * "Set hard limit" / "Remove hard limit" on the confirmation. The clicker is authorized again;
 * the modal then says it is applying, and shows the outcome once OpenAI has answered.
 */
export function budgetConfirmSubmitted(services: { budgets: BudgetService }) {
  return async function budgetConfirmSubmittedListener({
    ack,
    body,
    view,
    client,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const confirmation = await services.budgets
      .confirm(body.user.id, privateMetadataOf(view))
      .catch((error: unknown) => {
        logger.error(`Confirming a hard-limit change failed: ${describeAdminFailure(error)}`);
        return {
          kind: 'refused' as const,
          view: budgetNoticeModal(`:warning: Nothing was changed. ${describeAdminFailure(error)}`),
        };
      });
    if (confirmation.kind === 'refused') {
      await ack({ response_action: 'update', view: confirmation.view });
      return;
    }
    await ack({
      response_action: 'update',
      view: budgetNoticeModal(':hourglass_flowing_sand: Applying the change in OpenAI…'),
    });
    const outcome = await services.budgets.applyChange(body.user.id, confirmation.change);
    await client.views.update({ view_id: view.id, view: outcome });
  };
}
