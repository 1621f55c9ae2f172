import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import type { BudgetService } from '../../services/budgets.js';
import type { InviteService } from '../../services/invites.js';
import { ActionIds } from '../ids.js';
import { approveRequest } from './approve-request.js';
import { denyRequest } from './deny-request.js';
import { editBudget } from './edit-budget.js';
import { resendInvite } from './resend-invite.js';

export function register(
  app: App,
  services: { requests: AccessRequestService; invites: InviteService; budgets: BudgetService },
): void {
  app.action(ActionIds.approveRequest, approveRequest(services));
  app.action(ActionIds.denyRequest, denyRequest(services));
  app.action(ActionIds.resendInvite, resendInvite(services));
  app.action(ActionIds.reinvite, resendInvite(services));
  app.action(ActionIds.editBudget, editBudget(services));
}
