import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { describeAdminFailure } from '../../openai/admin-errors.js';
import type { BudgetSettings, Confirmation } from '../../services/budget-settings.js';
import { confirmationRefusalText } from '../blocks/budget-answers.js';
import { budgetAppliedModal, budgetNoticeModal } from '../blocks/budget-modal.js';
import { failureText } from '../blocks/failure-text.js';
import { privateMetadataOf } from './view-state.js';

/**
 * "Set hard limit" / "Remove hard limit" on the confirmation. The clicker is authorized again;
 * the modal then says it is applying, and shows the outcome once OpenAI has answered.
 */
export function budgetConfirmSubmitted(services: { budgetSettings: BudgetSettings }) {
  return async function budgetConfirmSubmittedListener({
    ack,
    body,
    view,
    client,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    let confirmation: Confirmation;
    try {
      confirmation = await services.budgetSettings.confirm(body.user.id, privateMetadataOf(view));
    } catch (error) {
      logger.error(`Confirming a hard-limit change failed: ${describeAdminFailure(error)}`);
      await ack({
        response_action: 'update',
        view: budgetNoticeModal(`:warning: Nothing was changed. ${failureText(error)}`),
      });
      return;
    }
    if (confirmation.kind !== 'accepted') {
      await ack({
        response_action: 'update',
        view: budgetNoticeModal(confirmationRefusalText(confirmation)),
      });
      return;
    }
    await ack({
      response_action: 'update',
      view: budgetNoticeModal(':hourglass_flowing_sand: Applying the change in OpenAI…'),
    });
    const outcome = await services.budgetSettings.applyChange(body.user.id, confirmation.change);
    await client.views.update({ view_id: view.id, view: budgetAppliedModal(outcome) });
  };
}
