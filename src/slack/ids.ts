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
  approveProjectRequest: 'project_request_approve',
  denyProjectRequest: 'project_request_deny',
  retryProjectPlan: 'project_plan_retry',
  showKey: 'svcacct_show_key',
  newKey: 'svcacct_new_key',
  rotateServiceAccount: 'svcacct_rotate',
  deleteServiceAccount: 'svcacct_delete',
  confirmRotation: 'svcacct_rotation_works',
  offboardRemove: 'offboard_remove',
  offboardKeep: 'offboard_keep',
  deleteKey: 'key_delete',
  onboardRetry: 'onboard_retry',
  onboardNudge: 'onboard_nudge',
} as const;

export const ViewCallbackIds = {
  requestAccess: 'access_request_modal',
  denyReason: 'access_deny_modal',
  extendGrant: 'access_extend_modal',
  budgetSettings: 'budget_settings_modal',
  budgetConfirm: 'budget_confirm_modal',
  newProject: 'new_project_modal',
  approveProjectRequest: 'project_request_approve_modal',
  denyProjectRequest: 'project_request_deny_modal',
  archiveProject: 'project_archive_modal',
  requestServiceAccount: 'svcacct_request_modal',
  deleteServiceAccount: 'svcacct_delete_modal',
  showKey: 'svcacct_key_modal',
  offboardRemove: 'offboard_remove_modal',
  offboardKeep: 'offboard_keep_modal',
  deleteKey: 'key_delete_modal',
  onboard: 'onboard_modal',
} as const;

export const ServiceAccountModalFields = {
  project: { block: 'svcacct_project_block', action: 'project' },
  name: { block: 'svcacct_name_block', action: 'name' },
  purpose: { block: 'svcacct_purpose_block', action: 'purpose' },
  endDate: { block: 'svcacct_end_date_block', action: 'end_date' },
} as const;

export const KeepModalFields = {
  reason: { block: 'keep_reason_block', action: 'keep_reason' },
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

export const NewProjectModalFields = {
  name: { block: 'new_project_name_block', action: 'name' },
  purpose: { block: 'new_project_purpose_block', action: 'purpose' },
  owners: { block: 'new_project_owners_block', action: 'owners' },
  tier: { block: 'new_project_tier_block', action: 'tier' },
  budget: { block: 'new_project_budget_block', action: 'budget' },
  models: { block: 'new_project_models_block', action: 'models' },
} as const;

export const ProjectDecisionModalFields = {
  tier: { block: 'project_decision_tier_block', action: 'tier' },
  budget: { block: 'project_decision_budget_block', action: 'budget' },
  reason: { block: 'project_decision_reason_block', action: 'reason' },
} as const;

export const OnboardModalFields = {
  project: { block: 'onboard_project_block', action: 'onboard_project' },
  role: { block: 'onboard_role_block', action: 'onboard_role' },
  users: { block: 'onboard_users_block', action: 'onboard_users' },
  channel: { block: 'onboard_channel_block', action: 'onboard_channel' },
  emails: { block: 'onboard_emails_block', action: 'onboard_emails' },
} as const;
