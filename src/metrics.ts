/**
 * What the bot counts for on-call, as a port: services, sweeps and the API clients report here,
 * and only the Prometheus implementation (src/observability/) knows prom-client. Every argument is
 * from a closed set (a kind, an outcome, an operation name, a status code), never a person, an
 * email, a Slack id, a project name, a secret or free text: they become label values.
 */
export type SlackRequestKind =
  | 'command'
  | 'action'
  | 'view_submission'
  | 'view_closed'
  | 'options'
  | 'shortcut'
  | 'event'
  | 'other';

/** How a pending request was decided: by an approver, by its requester, or by time. */
export type DecisionOutcome = 'approved' | 'denied' | 'cancelled' | 'expired';

/** One HTTP attempt at the Admin API (a retry is an attempt of its own). */
export interface AdminApiCall {
  /** The SDK's resource and method, e.g. `projects.users.create`; `other` for a path we do not know. */
  operation: string;
  /** The HTTP status, or `timeout` / `network_error` when no answer came. */
  status: string;
  seconds: number;
  /** Whether the SDK sent it as a retry of an earlier attempt. */
  retry: boolean;
}

/** One HTTP attempt at the Slack Web API. */
export interface SlackApiCall {
  /** The Web API method, e.g. `chat.postMessage`; `other` for anything that does not look like one. */
  method: string;
  /** Slack's error code (`channel_not_found`), `http_429`, `http_5xx`, `network_error`; undefined when ok. */
  error: string | undefined;
  seconds: number;
}

/** One sweep attempt on this replica. */
export interface SweepAttempt {
  /** ok and partial ran to the end (partial: some items failed); failed threw; skipped: another replica held the lease. */
  outcome: 'ok' | 'partial' | 'failed' | 'skipped';
  seconds: number;
  /** Items the run reported as failed (partial runs). */
  itemFailures: number;
  /** When it finished, by the bot's clock. */
  finishedAt: Date;
}

/** Read from the database when /metrics is scraped: how much waits right now. */
export interface Backlog {
  pendingRequests: number;
  waitingPreAssignments: number;
  stalledInvites: number;
  projectsOverBudget: number;
}

export interface Metrics {
  /** A request Slack sent (HTTP or Socket Mode) and how long until it was acknowledged. */
  slackRequest(kind: SlackRequestKind, ackSeconds: number | undefined): void;
  decision(outcome: DecisionOutcome): void;
  adminApiCall(call: AdminApiCall): void;
  slackApiCall(call: SlackApiCall): void;
  sweepScheduled(name: string, everySeconds: number): void;
  sweepAttempt(name: string, attempt: SweepAttempt): void;
  /** Where the backlog gauges are read from at scrape time; set once the services exist. */
  readBacklogFrom(read: () => Promise<Backlog>): void;
}

/** Counts nothing: unit tests, and anything built without a registry. */
export const noMetrics: Metrics = {
  slackRequest: () => {},
  decision: () => {},
  adminApiCall: () => {},
  slackApiCall: () => {},
  sweepScheduled: () => {},
  sweepAttempt: () => {},
  readBacklogFrom: () => {},
};
