import { BudgetModalFields } from '../../src/slack/ids.js';
import { plainText, radio, staticSelect } from '../fakes/slack-request-sender.js';

/**
 * `view.state.values` for the budget modal, as Slack sends them. Fields left out are submitted
 * with the modal's initial values (see `viewSubmissionOf`), as when the person leaves them alone.
 */
export function budgetFormValues(input: {
  amount?: string;
  resetDay?: number;
  thresholds?: string;
  hardLimitAction?: 'keep' | 'set' | 'remove';
  hardLimitAmount?: string;
}): Record<string, Record<string, unknown>> {
  const { amount, resetDay, thresholds, hardLimitAction, hardLimitAmount } = BudgetModalFields;
  const values: Record<string, Record<string, unknown>> = {};
  if (input.amount !== undefined) values[amount.block] = { [amount.action]: plainText(input.amount) };
  if (input.resetDay !== undefined) {
    values[resetDay.block] = { [resetDay.action]: staticSelect(String(input.resetDay)) };
  }
  if (input.thresholds !== undefined) {
    values[thresholds.block] = { [thresholds.action]: plainText(input.thresholds) };
  }
  if (input.hardLimitAction !== undefined) {
    values[hardLimitAction.block] = { [hardLimitAction.action]: radio(input.hardLimitAction) };
  }
  if (input.hardLimitAmount !== undefined) {
    values[hardLimitAmount.block] = { [hardLimitAmount.action]: plainText(input.hardLimitAmount) };
  }
  return values;
}
