/**
 * Every Slack identifier the bot answers to, in one place: listeners are wired with these,
 * Block Kit builders put them on buttons and modals, and the manifest test checks the manifest
 * declares the same slash command.
 */
export const ACCESS_COMMAND = '/access';

export const ActionIds = {
  approveRequest: 'access_approve',
  denyRequest: 'access_deny',
  cancelRequest: 'access_cancel',
  requestAgain: 'access_request_again',
  extendGrant: 'access_extend',
  resendInvite: 'invite_resend',
  reinvite: 'invite_reinvite',
  editBudget: 'budget_edit',
  onboardRetry: 'onboard_retry',
  onboardNudge: 'onboard_nudge',
} as const;

export const ViewCallbackIds = {
  requestAccess: 'access_request_modal',
  denyReason: 'access_deny_modal',
  extendGrant: 'access_extend_modal',
  budgetSettings: 'budget_settings_modal',
  budgetConfirm: 'budget_confirm_modal',
  onboard: 'onboard_modal',
} as const;

export const RequestModalFields = {
  project: { block: 'project_block', action: 'project' },
  role: { block: 'role_block', action: 'role' },
  justification: { block: 'justification_block', action: 'justification' },
  endDate: { block: 'end_date_block', action: 'end_date' },
} as const;

export const DenyModalFields = {
  reason: { block: 'reason_block', action: 'reason' },
} as const;

export const ExtendModalFields = {
  endDate: { block: 'extend_end_date_block', action: 'end_date' },
  justification: { block: 'extend_justification_block', action: 'justification' },
} as const;

export const BudgetModalFields = {
  amount: { block: 'budget_amount_block', action: 'budget_amount' },
  resetDay: { block: 'budget_reset_day_block', action: 'budget_reset_day' },
  thresholds: { block: 'budget_thresholds_block', action: 'budget_thresholds' },
  hardLimitAction: { block: 'hard_limit_action_block', action: 'hard_limit_action' },
  hardLimitAmount: { block: 'hard_limit_amount_block', action: 'hard_limit_amount' },
} as const;

export const OnboardModalFields = {
  project: { block: 'onboard_project_block', action: 'onboard_project' },
  role: { block: 'onboard_role_block', action: 'onboard_role' },
  users: { block: 'onboard_users_block', action: 'onboard_users' },
  channel: { block: 'onboard_channel_block', action: 'onboard_channel' },
  emails: { block: 'onboard_emails_block', action: 'onboard_emails' },
} as const;
