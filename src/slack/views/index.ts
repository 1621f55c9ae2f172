import type { App, ViewSubmitAction } from '@slack/bolt';
import { dispatchById } from '../dispatch.js';
import { ViewCallbackIds } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { budgetConfirmSubmitted } from './budget-confirm-submitted.js';
import { budgetSettingsSubmitted } from './budget-settings-submitted.js';
import { denyReasonSubmitted } from './deny-reason-submitted.js';
import { extendSubmitted } from './extend-submitted.js';
import { onboardSubmitted } from './onboard-submitted.js';
import { requestAccessSubmitted } from './request-access-submitted.js';

export function register(app: App, services: ListenerServices): void {
  const submissions = dispatchById(
    {
      [ViewCallbackIds.requestAccess]: requestAccessSubmitted(services),
      [ViewCallbackIds.denyReason]: denyReasonSubmitted(services),
      [ViewCallbackIds.extendGrant]: extendSubmitted(services),
      [ViewCallbackIds.budgetSettings]: budgetSettingsSubmitted(services),
      [ViewCallbackIds.budgetConfirm]: budgetConfirmSubmitted(services),
      [ViewCallbackIds.onboard]: onboardSubmitted(services),
    },
    ({ view }) => view.callback_id,
  );
  app.view<ViewSubmitAction>(submissions.matches, submissions.listener);
}
