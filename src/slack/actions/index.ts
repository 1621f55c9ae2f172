import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import type { BudgetService } from '../../services/budgets.js';
import type { ExtensionService } from '../../services/extensions.js';
import type { InviteService } from '../../services/invites.js';
import { ActionIds } from '../ids.js';
import { approveRequest } from './approve-request.js';
import { cancelRequest } from './cancel-request.js';
import { denyRequest } from './deny-request.js';
import { editBudget } from './edit-budget.js';
import { extendGrant } from './extend-grant.js';
import { requestAgain } from './request-again.js';
import { resendInvite } from './resend-invite.js';

export function register(
  app: App,
  services: {
    requests: AccessRequestService;
    invites: InviteService;
    extensions: ExtensionService;
    budgets: BudgetService;
  },
): void {
  app.action(ActionIds.approveRequest, approveRequest(services));
  app.action(ActionIds.denyRequest, denyRequest(services));
  app.action(ActionIds.cancelRequest, cancelRequest(services));
  app.action(ActionIds.requestAgain, requestAgain(services));
  app.action(ActionIds.extendGrant, extendGrant(services));
  app.action(ActionIds.resendInvite, resendInvite(services));
  app.action(ActionIds.reinvite, resendInvite(services));
  app.action(ActionIds.editBudget, editBudget(services));
}
