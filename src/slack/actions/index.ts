import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { dispatchById } from '../dispatch.js';
import { ActionIds } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { approveRequest } from './approve-request.js';
import { cancelRequest } from './cancel-request.js';
import { deleteKey } from './delete-key.js';
import { denyRequest } from './deny-request.js';
import { editBudget } from './edit-budget.js';
import { extendGrant } from './extend-grant.js';
import { offboardKeep, offboardRemove } from './offboard-buttons.js';
import { onboardNudge, onboardRetry } from './onboard-buttons.js';
import { approveProjectRequest, denyProjectRequest, retryProjectPlan } from './project-request-buttons.js';
import { requestAgain } from './request-again.js';
import { resendInvite } from './resend-invite.js';
import {
  confirmRotation,
  deleteServiceAccount,
  newKey,
  rotateServiceAccount,
  showKey,
} from './service-account-actions.js';

export function register(app: App, services: ListenerServices): void {
  const buttons = dispatchById(
    {
      [ActionIds.approveRequest]: approveRequest(services),
      [ActionIds.denyRequest]: denyRequest(services),
      [ActionIds.cancelRequest]: cancelRequest(services),
      [ActionIds.requestAgain]: requestAgain(services),
      [ActionIds.extendGrant]: extendGrant(services),
      [ActionIds.resendInvite]: resendInvite(services),
      [ActionIds.reinvite]: resendInvite(services),
      [ActionIds.editBudget]: editBudget(services),
      [ActionIds.approveProjectRequest]: approveProjectRequest(services),
      [ActionIds.denyProjectRequest]: denyProjectRequest(services),
      [ActionIds.retryProjectPlan]: retryProjectPlan(services),
      [ActionIds.showKey]: showKey(services),
      [ActionIds.newKey]: newKey(services),
      [ActionIds.rotateServiceAccount]: rotateServiceAccount(services),
      [ActionIds.deleteServiceAccount]: deleteServiceAccount(services),
      [ActionIds.confirmRotation]: confirmRotation(services),
      [ActionIds.offboardRemove]: offboardRemove(services),
      [ActionIds.offboardKeep]: offboardKeep(services),
      [ActionIds.deleteKey]: deleteKey(services),
      [ActionIds.onboardRetry]: onboardRetry(services),
      [ActionIds.onboardNudge]: onboardNudge(services),
    },
    ({ action }) => action.action_id,
  );
  app.action<BlockAction<ButtonAction>>(buttons.matches, buttons.listener);
}
