import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import type { BudgetService } from '../../services/budgets.js';
import type { ExtensionService } from '../../services/extensions.js';
import { ViewCallbackIds } from '../ids.js';
import { budgetConfirmSubmitted } from './budget-confirm-submitted.js';
import { budgetSettingsSubmitted } from './budget-settings-submitted.js';
import { denyReasonSubmitted } from './deny-reason-submitted.js';
import { extendSubmitted } from './extend-submitted.js';
import { requestAccessSubmitted } from './request-access-submitted.js';

export function register(
  app: App,
  services: { requests: AccessRequestService; extensions: ExtensionService; budgets: BudgetService },
): void {
  app.view(ViewCallbackIds.requestAccess, requestAccessSubmitted(services));
  app.view(ViewCallbackIds.denyReason, denyReasonSubmitted(services));
  app.view(ViewCallbackIds.extendGrant, extendSubmitted(services));
  app.view(ViewCallbackIds.budgetSettings, budgetSettingsSubmitted(services));
  app.view(ViewCallbackIds.budgetConfirm, budgetConfirmSubmitted(services));
}
