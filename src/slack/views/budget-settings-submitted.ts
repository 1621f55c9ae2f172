import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { BudgetFormField } from '../../domain/budget-form.js';
import type { BudgetSettings } from '../../services/budget-settings.js';
import { budgetRefusalText } from '../blocks/budget-answers.js';
import { budgetConfirmModal, budgetSavedModal } from '../blocks/budget-modal.js';
import { BudgetModalFields } from '../ids.js';
import {
  errorsOnFields,
  inputValue,
  NOT_ANSWERED,
  privateMetadataOf,
  ViewStateValues,
} from './view-state.js';

const SettingsMetadata = z.object({ projectId: z.string().min(1) });

/**
 * The budget modal's Save. Validation and authorization answer in the modal (field errors); a
 * hard-limit change is replaced by its confirmation, a soft-budget change by its outcome.
 */
export function budgetSettingsSubmitted(services: { budgetSettings: BudgetSettings }) {
  return async function budgetSettingsSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const metadata = SettingsMetadata.safeParse(privateMetadataOf(view));
    const values = ViewStateValues.safeParse(view.state.values);
    if (!metadata.success || !values.success) {
      // The loading or notice version of the modal: nothing to save.
      await ack();
      return;
    }
    const form = Object.fromEntries(
      Object.entries(BudgetModalFields).map(([field, ids]) => [field, inputValue(values.data, ids)]),
    ) as Record<BudgetFormField, string | undefined>;
    try {
      const result = await services.budgetSettings.submitSettings(
        body.user.id,
        metadata.data.projectId,
        form,
      );
      switch (result.kind) {
        case 'errors': {
          const errors = errorsOnFields(BudgetModalFields, result.errors);
          await ack({ response_action: 'errors', errors });
          return;
        }
        case 'refused':
          await ack({
            response_action: 'errors',
            errors: { [BudgetModalFields.amount.block]: budgetRefusalText(result.refusal) },
          });
          return;
        case 'confirm':
          await ack({ response_action: 'update', view: budgetConfirmModal(result) });
          return;
        case 'saved':
          await ack({ response_action: 'update', view: budgetSavedModal(result) });
          return;
      }
    } catch (error) {
      logger.error(`Saving a budget failed: ${String(error)}`);
      await ack({
        response_action: 'errors',
        errors: {
          [BudgetModalFields.amount.block]: NOT_ANSWERED,
        },
      });
    }
  };
}
