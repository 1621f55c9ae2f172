import type { App, ViewSubmitAction } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import type { BudgetSettings } from '../../services/budget-settings.js';
import type { ExtensionService } from '../../services/extensions.js';
import { dispatchById } from '../dispatch.js';
import { ViewCallbackIds } from '../ids.js';
import { budgetConfirmSubmitted } from './budget-confirm-submitted.js';
import { budgetSettingsSubmitted } from './budget-settings-submitted.js';
import { denyReasonSubmitted } from './deny-reason-submitted.js';
import { extendSubmitted } from './extend-submitted.js';
import { requestAccessSubmitted } from './request-access-submitted.js';

export function register(
  app: App,
  services: { requests: AccessRequestService; extensions: ExtensionService; budgetSettings: BudgetSettings },
): void {
  const submissions = dispatchById(
    {
      [ViewCallbackIds.requestAccess]: requestAccessSubmitted(services),
      [ViewCallbackIds.denyReason]: denyReasonSubmitted(services),
      [ViewCallbackIds.extendGrant]: extendSubmitted(services),
      [ViewCallbackIds.budgetSettings]: budgetSettingsSubmitted(services),
      [ViewCallbackIds.budgetConfirm]: budgetConfirmSubmitted(services),
    },
    ({ view }) => view.callback_id,
  );
  app.view<ViewSubmitAction>(submissions.matches, submissions.listener);
}
