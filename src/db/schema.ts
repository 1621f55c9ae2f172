import type { Generated, Insertable, Selectable } from 'kysely';
import type { ProjectRole, RequestStatus } from '../domain/request-status.js';
import type { KeyFindingsTable, KeyReportMessagesTable, ProjectSettingsTable } from './key-tables.js';
import type { BudgetAlertsTable, BudgetsTable, DailyCostsTable, HardLimitsTable } from './schema-budgets.js';
import type { OffboardingCardsTable, PeopleTable, SlackAccountChecksTable } from './schema-offboarding.js';
import type { OnboardingStepsTable, OnboardingsTable } from './schema-onboarding.js';
import type { ProjectPlanStepsTable, ProjectRequestsTable } from './schema-projects.js';

/** Timestamps are ISO-8601 strings in UTC; calendar dates are YYYY-MM-DD. */
export interface AccessRequestsTable {
  id: string;
  requester_slack_id: string;
  requester_email: string;
  project_id: string;
  project_name: string;
  role: ProjectRole;
  justification: string;
  access_ends_on: string | null;
  status: RequestStatus;
  openai_user_id: string | null;
  last_error: string | null;
  /** The org invite a pre-assignment (status awaiting_invite) waits on. */
  invite_id: string | null;
  reminded_at: string | null;
  escalated_at: string | null;
  /** When the holder of a time-bound grant was warned that it ends in 24 hours. */
  end_warned_at: string | null;
  /** The person's role in the project before this grant: what removal on the end date restores. */
  membership_before: 'none' | 'member' | 'owner' | null;
  removal_failure_told_at: string | null;
  /** Set on an extension request: the applied grant whose end date it moves. */
  extends_request_id: string | null;
  /**
   * When the requester was told the request is applied (claimed just before the message is
   * sent). Null on an applied request means a crash came between the change and Slack.
   */
  applied_announced_at: string | null;
  created_at: string;
  updated_at: string;
  /** What is asked for: a role (`access`) or a service account (see the 2026-12-03-03 migration). */
  kind: Generated<RequestKind>;
  service_account_name: string | null;
  /** The account made for (or targeted by) this request; for a rotation, the replacement. */
  service_account_id: string | null;
  /** A rotation: the account deleted once the replacement's key works. */
  replaces_service_account_id: string | null;
  /** YYYY-MM-DD: the service account is deleted on this day. */
  service_account_ends_on: string | null;
  /** The last end-date warning sent: 7 or 1 (days before). */
  end_warned_days: number | null;
  /** The key created when the requester clicked Show key (never its secret). */
  key_id: string | null;
  /** When Show key was clicked: claimed before the key is made, so a key is made at most once. */
  key_shown_at: string | null;
  /** The group onboarding that recorded this grant (its reason), or null. */
  onboarding_id: string | null;
}

export type RequestKind = 'access' | 'service_account' | 'service_account_key' | 'service_account_rotation';

/** The service-account columns of a request that is not about one. */
export const NOT_A_SERVICE_ACCOUNT = {
  service_account_name: null,
  service_account_id: null,
  replaces_service_account_id: null,
  service_account_ends_on: null,
  end_warned_days: null,
  key_id: null,
  key_shown_at: null,
} as const;

export interface DecisionsTable {
  request_id: string;
  outcome: 'approved' | 'denied';
  decided_by: string;
  /** Why the decider was allowed: as a project owner or as a bot admin. */
  decided_as: 'owner' | 'admin';
  reason: string | null;
  decided_at: string;
}

/** Every Slack message posted about a request, so every copy can be updated on a transition. */
export interface RequestMessagesTable {
  request_id: string;
  channel_id: string;
  ts: string;
  recipient_slack_id: string | null;
  audience: 'approver' | 'requester' | 'admin_channel';
  created_at: string;
}

/** Append-only: rows are inserted, never updated or deleted. */
export interface AuditEventsTable {
  id: string;
  occurred_at: string;
  /** A Slack user id, or `system` for sweeps. */
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before_state: string | null;
  after_state: string | null;
  details: string | null;
}

/**
 * `joined`: the invitee became an org user without this invite (another invite, SSO); the invite
 * no longer matters and is not nudged about.
 */
export type TrackedInviteStatus = 'pending' | 'accepted' | 'expired' | 'gone' | 'replaced' | 'joined';

/**
 * What the bot knows and has said about one org invite: one the bot sent, one pre-assignments
 * wait on, or one sent by hand that the sweep found stalled.
 */
export interface TrackedInvitesTable {
  invite_id: string;
  email: string;
  /** 1 when the bot created it, 0 when a person did (in OpenAI's dashboard). */
  sent_by_bot: number;
  status: TrackedInviteStatus;
  /** JSON `[{id, role}]`: what the invite itself grants on acceptance. */
  projects: string;
  invited_at: string;
  expires_at: string | null;
  accepted_at: string | null;
  replaced_by: string | null;
  nudge_channel: string | null;
  nudge_ts: string | null;
  last_nudged_at: string | null;
  /**
   * When the invitee's one "check your mail" DM was sent, or found nobody to send it to (no Slack
   * account with that email). Claimed before sending: at most once per invite.
   */
  invitee_reminded_at: string | null;
  /** When admins and requesters were told the invite expired or disappeared. */
  closed_notified_at: string | null;
  /** The digest message that lists this invite, when it stalled among many at once. */
  digest_id: string | null;
  updated_at: string;
}

/** One message about many invites that stalled at once, updated in place (`tracked_invites.digest_id`). */
export interface InviteDigestsTable {
  id: string;
  /** Null when it reached the admins by DM (no ADMIN_CHANNEL): then it cannot be updated. */
  channel: string | null;
  ts: string | null;
  /** A short summary of what the message shows; it is re-rendered only when this changes. */
  fingerprint: string | null;
  created_at: string;
  updated_at: string;
  /** Once none of its invites is pending any more. */
  finished_at: string | null;
}

export interface SweepLeasesTable {
  name: string;
  owner: string;
  expires_at: string;
}

/** A project reported for too many owners or none; deleted once the count is healthy again. */
export interface OwnerReportsTable {
  project_id: string;
  problem: 'none' | 'too_many';
  owner_count: number;
  reported_at: string;
}

/**
 * When a periodic job last ran (ISO-8601 UTC). For the sweeps also what that run did, on
 * whichever replica held the lease; null for other jobs and for a sweep that never ran.
 */
export interface JobRunsTable {
  name: string;
  /** When the last run started. */
  last_run_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  outcome: SweepOutcome | null;
  /** JSON object: the report's counts, e.g. {"invitesListed":3,"accepted":1}. */
  counts: string | null;
  /** Items that failed (the report's `failures`); null when the whole run failed. */
  failures: number | null;
  /** The run's error, or its first item's failure, scrubbed of secrets. */
  first_error: string | null;
  replica: string | null;
}

/** ok: ran, nothing failed; partial: ran, some items failed; failed: the run threw and stopped. */
export type SweepOutcome = 'ok' | 'partial' | 'failed';

/** Project names as last listed from OpenAI, so reports need not list every project again. */
export interface KnownProjectsTable {
  project_id: string;
  name: string;
  archived: number;
  seen_at: string;
}

export interface Database {
  onboardings: OnboardingsTable;
  onboarding_steps: OnboardingStepsTable;
  owner_reports: OwnerReportsTable;
  job_runs: JobRunsTable;
  access_requests: AccessRequestsTable;
  tracked_invites: TrackedInvitesTable;
  invite_digests: InviteDigestsTable;
  sweep_leases: SweepLeasesTable;
  decisions: DecisionsTable;
  request_messages: RequestMessagesTable;
  audit_events: AuditEventsTable;
  budgets: BudgetsTable;
  hard_limits: HardLimitsTable;
  budget_alerts: BudgetAlertsTable;
  daily_costs: DailyCostsTable;
  known_projects: KnownProjectsTable;
  project_requests: ProjectRequestsTable;
  project_plan_steps: ProjectPlanStepsTable;
  people: PeopleTable;
  offboarding_cards: OffboardingCardsTable;
  slack_account_checks: SlackAccountChecksTable;
  project_settings: ProjectSettingsTable;
  key_findings: KeyFindingsTable;
  key_report_messages: KeyReportMessagesTable;
}

export type AccessRequest = Selectable<AccessRequestsTable>;
export type NewAccessRequest = Insertable<AccessRequestsTable>;
export type Decision = Selectable<DecisionsTable>;
export type RequestMessage = Selectable<RequestMessagesTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type TrackedInvite = Selectable<TrackedInvitesTable>;
export type InviteDigest = Selectable<InviteDigestsTable>;
export type Budget = Selectable<BudgetsTable>;
export type HardLimitReading = Selectable<HardLimitsTable>;
export type BudgetAlert = Selectable<BudgetAlertsTable>;
export type KnownProject = Selectable<KnownProjectsTable>;

export type {
  BudgetAlertStatus,
  BudgetAlertsTable,
  BudgetsTable,
  DailyCostsTable,
  HardLimitsTable,
} from './schema-budgets.js';
export type {
  OffboardingCard,
  OffboardingCardsTable,
  PeopleTable,
  PersonRow,
  SlackAccountCheck,
  SlackAccountChecksTable,
} from './schema-offboarding.js';
export type {
  Onboarding,
  OnboardingPath,
  OnboardingStatus,
  OnboardingStep,
  OnboardingStepState,
  OnboardingStepsTable,
  OnboardingsTable,
} from './schema-onboarding.js';
export type {
  PlanStepStatus,
  ProjectPlanStepRow,
  ProjectPlanStepsTable,
  ProjectRequest,
  ProjectRequestStatus,
  ProjectRequestsTable,
} from './schema-projects.js';
