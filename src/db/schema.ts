import type { Generated, Insertable, Selectable } from 'kysely';
import type { ProjectRole, RequestStatus } from '../domain/request-status.js';

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
  created_at: string;
  updated_at: string;
}

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

export interface Database {
  access_requests: AccessRequestsTable;
  decisions: DecisionsTable;
  request_messages: RequestMessagesTable;
  audit_events: AuditEventsTable;
}

export type AccessRequest = Selectable<AccessRequestsTable>;
export type NewAccessRequest = Insertable<AccessRequestsTable>;
export type Decision = Selectable<DecisionsTable>;
export type RequestMessage = Selectable<RequestMessagesTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
// Kept for tables added later that use database-generated columns.
export type { Generated };
