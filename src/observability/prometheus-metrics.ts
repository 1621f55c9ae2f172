import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type {
  AdminApiCall,
  Backlog,
  DecisionOutcome,
  Metrics,
  SlackApiCall,
  SlackRequestKind,
  SweepAttempt,
} from '../metrics.js';

const PREFIX = 'access_bot_';
/** Slack wants an answer within 3 s; the buckets are fine below that and coarse above. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const CALL_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const SWEEP_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * The `Metrics` port in Prometheus' terms, on a registry of its own per bot (never prom-client's
 * global one), so several bots in one process (tests, the demo) keep their counts apart.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  #readBacklog: (() => Promise<Backlog>) | undefined;
  /** One backlog read per scrape, shared by the four gauges that show it. */
  #reading: Promise<Backlog | undefined> | undefined;

  readonly #slackRequests = new Counter({
    name: `${PREFIX}slack_requests_total`,
    help: 'Requests Slack sent (slash commands, clicks, modal submissions, events, options), by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly #ackSeconds = new Histogram({
    name: `${PREFIX}slack_ack_duration_seconds`,
    help: 'Time from a Slack request reaching the bot to its acknowledgement, by kind (Slack gives up after 3 s).',
    labelNames: ['kind'] as const,
    buckets: ACK_BUCKETS,
    registers: [this.registry],
  });
  readonly #decisions = new Counter({
    name: `${PREFIX}request_decisions_total`,
    help: 'Access requests decided, by outcome: approved, denied, cancelled (by the requester), expired (no decision in time).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly #adminCalls = new Counter({
    name: `${PREFIX}openai_admin_requests_total`,
    help: 'HTTP attempts at the OpenAI Admin API (each retry counts), by operation, status and status class.',
    labelNames: ['operation', 'status', 'status_class'] as const,
    registers: [this.registry],
  });
  readonly #adminRetries = new Counter({
    name: `${PREFIX}openai_admin_retries_total`,
    help: 'Admin API attempts the SDK sent as a retry (after a 408/409/429/5xx or no answer), by operation.',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly #adminSeconds = new Histogram({
    name: `${PREFIX}openai_admin_request_duration_seconds`,
    help: 'Time until the Admin API answered one attempt, by operation.',
    labelNames: ['operation'] as const,
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });
  readonly #slackCalls = new Counter({
    name: `${PREFIX}slack_api_calls_total`,
    help: 'HTTP attempts at the Slack Web API, by method and outcome (ok or error).',
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #slackErrors = new Counter({
    name: `${PREFIX}slack_api_errors_total`,
    help: "Slack Web API attempts that failed, by method and Slack's error code (or http_429, http_5xx, network_error).",
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });
  readonly #slackSeconds = new Histogram({
    name: `${PREFIX}slack_api_call_duration_seconds`,
    help: 'Time until the Slack Web API answered one attempt, by method.',
    labelNames: ['method'] as const,
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });
  readonly #sweepSeconds = new Histogram({
    name: `${PREFIX}sweep_duration_seconds`,
    help: 'How long each sweep run took on this replica (runs that held the lease, failed ones included).',
    labelNames: ['sweep'] as const,
    buckets: SWEEP_BUCKETS,
    registers: [this.registry],
  });
  readonly #sweepRuns = new Counter({
    name: `${PREFIX}sweep_runs_total`,
    help: 'Sweep attempts on this replica, by outcome: ok, partial (some items failed), failed (threw), skipped (lease held elsewhere).',
    labelNames: ['sweep', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #sweepFailures = new Counter({
    name: `${PREFIX}sweep_failures_total`,
    help: 'Sweep runs on this replica that failed as a whole (threw); see /healthz for the error.',
    labelNames: ['sweep'] as const,
    registers: [this.registry],
  });
  readonly #sweepItemFailures = new Counter({
    name: `${PREFIX}sweep_item_failures_total`,
    help: 'Items (an invitee, a request, a project) that failed inside sweep runs that otherwise completed.',
    labelNames: ['sweep'] as const,
    registers: [this.registry],
  });
  readonly #sweepLastSuccess = new Gauge({
    name: `${PREFIX}sweep_last_success_timestamp_seconds`,
    help: 'When a sweep last ran to the end (ok or partial) on this replica, in unix seconds; take the max over replicas.',
    labelNames: ['sweep'] as const,
    registers: [this.registry],
  });
  readonly #sweepInterval = new Gauge({
    name: `${PREFIX}sweep_interval_seconds`,
    help: 'How often the sweep is scheduled, in seconds (SWEEP_INTERVAL_SECONDS, BUDGET_SWEEP_SECONDS).',
    labelNames: ['sweep'] as const,
    registers: [this.registry],
  });

  constructor(private readonly logger: Logger) {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    const backlogGauge = (name: string, help: string, pick: (backlog: Backlog) => number) => {
      const read = () => this.#backlog();
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        registers: [this.registry],
        async collect() {
          const backlog = await read();
          // Unknown while the database does not answer (its error is logged and shown on /healthz).
          this.set(backlog ? pick(backlog) : Number.NaN);
        },
      });
    };
    backlogGauge(
      'pending_requests',
      'Access requests waiting for a decision, now.',
      (b) => b.pendingRequests,
    );
    backlogGauge(
      'waiting_pre_assignments',
      'Approved requests waiting for the person to accept their org invite, now.',
      (b) => b.waitingPreAssignments,
    );
    backlogGauge(
      'stalled_invites',
      'Tracked org invites pending for longer than STALL_AFTER_HOURS, now.',
      (b) => b.stalledInvites,
    );
    backlogGauge(
      'projects_over_budget',
      "Projects whose stored spend this period reached their soft budget, now (as of the last budget sweep's costs).",
      (b) => b.projectsOverBudget,
    );
  }

  slackRequest(kind: SlackRequestKind, ackSeconds: number | undefined): void {
    this.#slackRequests.inc({ kind });
    if (ackSeconds !== undefined) this.#ackSeconds.observe({ kind }, ackSeconds);
  }

  decision(outcome: DecisionOutcome): void {
    this.#decisions.inc({ outcome });
  }

  adminApiCall(call: AdminApiCall): void {
    const { operation, status } = call;
    const statusClass = /^[1-5]\d\d$/.test(status) ? `${status[0]}xx` : 'none';
    this.#adminCalls.inc({ operation, status, status_class: statusClass });
    this.#adminSeconds.observe({ operation }, call.seconds);
    if (call.retry) this.#adminRetries.inc({ operation });
  }

  slackApiCall(call: SlackApiCall): void {
    const { method, error } = call;
    this.#slackCalls.inc({ method, outcome: error ? 'error' : 'ok' });
    if (error) this.#slackErrors.inc({ method, error });
    this.#slackSeconds.observe({ method }, call.seconds);
  }

  sweepScheduled(name: string, everySeconds: number): void {
    this.#sweepInterval.set({ sweep: name }, everySeconds);
  }

  sweepAttempt(name: string, attempt: SweepAttempt): void {
    const sweep = name;
    this.#sweepRuns.inc({ sweep, outcome: attempt.outcome });
    if (attempt.outcome === 'skipped') return;
    this.#sweepSeconds.observe({ sweep }, attempt.seconds);
    if (attempt.outcome === 'failed') {
      this.#sweepFailures.inc({ sweep });
      return;
    }
    // Shown as 0 from the first completed run on, so a rate over it is defined.
    this.#sweepFailures.inc({ sweep }, 0);
    this.#sweepItemFailures.inc({ sweep }, attempt.itemFailures);
    this.#sweepLastSuccess.set({ sweep }, attempt.finishedAt.getTime() / 1000);
  }

  readBacklogFrom(read: () => Promise<Backlog>): void {
    this.#readBacklog = read;
  }

  #backlog(): Promise<Backlog | undefined> {
    const read = this.#readBacklog;
    if (!read) return Promise.resolve(undefined);
    // prom-client starts every collect() in the same tick: the first starts the read, the rest join it.
    this.#reading ??= read()
      .catch((error: unknown) => {
        this.logger.warn(`Could not read the backlog gauges for /metrics: ${String(error)}`);
        return undefined;
      })
      .finally(() => {
        this.#reading = undefined;
      });
    return this.#reading;
  }
}

/** `GET /metrics`: Prometheus' text format, next to `/healthz` on `PORT` (HTTP and Socket Mode alike). */
export function metricsRoute(metrics: PrometheusMetrics) {
  return {
    path: '/metrics',
    method: ['GET'],
    // Socket Mode's receiver does not await a route's handler: nothing may escape from it.
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      try {
        const body = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Could not collect the metrics: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    },
  };
}
