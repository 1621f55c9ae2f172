import type { App, ViewSubmitAction } from '@slack/bolt';
import { dispatchById } from '../dispatch.js';
import { ViewCallbackIds } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { archiveSubmitted } from './archive-submitted.js';
import { budgetConfirmSubmitted } from './budget-confirm-submitted.js';
import { budgetSettingsSubmitted } from './budget-settings-submitted.js';
import { deleteKeySubmitted } from './delete-key-submitted.js';
import { denyReasonSubmitted } from './deny-reason-submitted.js';
import { extendSubmitted } from './extend-submitted.js';
import { newProjectSubmitted } from './new-project-submitted.js';
import { offboardKeepSubmitted, offboardRemoveSubmitted } from './offboard-submitted.js';
import { onboardSubmitted } from './onboard-submitted.js';
import { projectDecisionSubmitted } from './project-decision-submitted.js';
import { requestAccessSubmitted } from './request-access-submitted.js';
import { deleteServiceAccountSubmitted, serviceAccountSubmitted } from './service-account-submitted.js';

export function register(app: App, services: ListenerServices): void {
  const submissions = dispatchById(
    {
      [ViewCallbackIds.requestAccess]: requestAccessSubmitted(services),
      [ViewCallbackIds.denyReason]: denyReasonSubmitted(services),
      [ViewCallbackIds.extendGrant]: extendSubmitted(services),
      [ViewCallbackIds.budgetSettings]: budgetSettingsSubmitted(services),
      [ViewCallbackIds.budgetConfirm]: budgetConfirmSubmitted(services),
      [ViewCallbackIds.newProject]: newProjectSubmitted(services),
      [ViewCallbackIds.approveProjectRequest]: projectDecisionSubmitted(services, 'approve'),
      [ViewCallbackIds.denyProjectRequest]: projectDecisionSubmitted(services, 'deny'),
      [ViewCallbackIds.archiveProject]: archiveSubmitted(services),
      [ViewCallbackIds.requestServiceAccount]: serviceAccountSubmitted(services),
      [ViewCallbackIds.deleteServiceAccount]: deleteServiceAccountSubmitted(services),
      [ViewCallbackIds.offboardRemove]: offboardRemoveSubmitted(services),
      [ViewCallbackIds.offboardKeep]: offboardKeepSubmitted(services),
      [ViewCallbackIds.deleteKey]: deleteKeySubmitted(services),
      [ViewCallbackIds.onboard]: onboardSubmitted(services),
    },
    ({ view }) => view.callback_id,
  );
  app.view<ViewSubmitAction>(submissions.matches, submissions.listener);
}
