/** Tables of new-project and archive requests and their recorded plans. */
import type { Selectable } from 'kysely';

export type ProjectRequestStatus = 'pending' | 'approved' | 'denied' | 'done' | 'failed';

/** A request for a new project, or to archive one, decided by the bot admins. */
export interface ProjectRequestsTable {
  id: string;
  kind: 'new' | 'archive';
  requester_slack_id: string;
  project_name: string;
  project_id: string | null;
  purpose: string;
  /** JSON array of Slack user ids. */
  owners: string;
  tier: string | null;
  budget_cents: number | null;
  /** JSON array of model ids; null: no allow list. */
  models: string | null;
  status: ProjectRequestStatus;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  /** Lease on running the plan: whoever set it runs the steps until then. */
  runner_until: string | null;
  card_channel: string | null;
  card_ts: string | null;
  requester_channel: string | null;
  requester_ts: string | null;
  created_at: string;
  updated_at: string;
}

export type PlanStepStatus = 'pending' | 'done' | 'skipped' | 'failed';

export interface ProjectPlanStepsTable {
  request_id: string;
  step: string;
  position: number;
  status: PlanStepStatus;
  started_at: string | null;
  /** JSON: what the step did (ids, counts), for the summary. */
  detail: string | null;
  error: string | null;
  updated_at: string;
}

export type ProjectRequest = Selectable<ProjectRequestsTable>;
export type ProjectPlanStepRow = Selectable<ProjectPlanStepsTable>;
