import type { ProjectPlanStepRow, ProjectRequest } from '../db/schema.js';

/** A project request as every copy of it shows it: the row and, once approved, its plan's steps. */
export interface ProjectRequestView {
  request: ProjectRequest;
  steps: readonly ProjectPlanStepRow[];
}

export type ProjectRequestNotice =
  /**
   * The admins' card (Approve… / Deny while pending, Retry when a step failed) or the
   * requester's copy, re-rendered in place as the request moves and its plan runs.
   */
  | { kind: 'project_request.card'; audience: 'admins' | 'requester'; view: ProjectRequestView }
  /** What the plan did, once every step is done: to the requester and to the admins. */
  | { kind: 'project_request.summary'; view: ProjectRequestView }
  /** The comment on the final cost report (CSV) the owners of an archived project get. */
  | { kind: 'project_archive.cost_report'; projectName: string; from: string; to: string };
