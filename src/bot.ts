import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createServices } from './create-services.js';
import { connectDatabase, type Db, engineOf } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { healthRoute } from './health.js';
import { InFlightWork } from './in-flight.js';
import { createSweeps, type Sweeps, scheduledJobs } from './jobs/create-sweeps.js';
import { startScheduler } from './jobs/scheduler.js';
import { replicaId, SweepRuns } from './jobs/sweep-runs.js';
import { JsonLineLogger } from './json-line-logger.js';
import { metricsRoute, PrometheusMetrics } from './observability/prometheus-metrics.js';
import { type AdminApi, createAdminClient } from './openai/admin-client.js';
import type { BudgetReport } from './services/budget-report.js';
import type { BudgetSettings } from './services/budget-settings.js';
import type { CostExport } from './services/cost-export.js';
import type { ExtensionService } from './services/extensions.js';
import type { GrantService } from './services/grants.js';
import type { HomeService } from './services/home.js';
import type { InviteService } from './services/invites.js';
import type { OnboardingService } from './services/onboardings.js';
import type { OwnerHygiene } from './services/owner-hygiene.js';
import type { RequestDecisions } from './services/request-decisions.js';
import type { RequestIntake } from './services/request-intake.js';
import type { ServiceAccountServices } from './services/service-account-wiring.js';
import { botIdentity } from './slack/bot-identity.js';
import { registerListeners } from './slack/listeners.js';
import { countSlackRequests, meteredSlackFetch } from './slack/slack-metrics.js';
import { superviseSocketMode } from './slack/socket-mode.js';

export interface BotOptions {
  clock?: Clock;
  /** Slack Web API retries; the default retries a few times with backoff instead of Bolt's 30 minutes. */
  slackRetries?: number;
  adminRetries?: number;
  /** How long one Admin API call may take before it counts as failed (and is retried where safe). */
  adminTimeoutMs?: number;
  /** How group onboardings wait (pacing, Retry-After); tests move their clock instead of sleeping. */
  wait?: (ms: number) => Promise<void>;
  /** Where JSON log lines go; stdout by default. */
  logWrite?: (line: string) => void;
  /** Wait between users.list pages of the daily Slack account check (default 3 s, Tier 2's pace). */
  slackPageDelayMs?: number;
}

export interface Bot {
  app: App;
  db: Db;
  admin: AdminApi;
  services: {
    intake: RequestIntake;
    decisions: RequestDecisions;
    invites: InviteService;
    home: HomeService;
    extensions: ExtensionService;
    grants: GrantService;
    owners: OwnerHygiene;
    budgetReport: BudgetReport;
    budgetSettings: BudgetSettings;
    costExport: CostExport;
    serviceAccounts: ServiceAccountServices;
    onboardings: OnboardingService;
  };
  /**
   * The periodic sweeps, callable directly (tests, the demo, an operator's one-off run); every
   * run, scheduled or not, is logged and recorded for `/healthz`.
   */
  jobs: Sweeps;
  /**
   * Starts the HTTP receiver (or Socket Mode) and, unless told not to, the sweeps. `port` is
   * HTTP mode's; in Socket Mode `/healthz` listens on `PORT`, set when the bot was created.
   */
  start(port?: number, options?: { sweeps?: boolean }): Promise<Server | undefined>;
  /** Work still running after Slack was answered. */
  idle(): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
}

const logLevels = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

export async function createBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  const clock = options.clock ?? systemClock;
  // Every secret the bot holds, so the logger can scrub them from any line, whoever wrote it.
  const secrets = [
    config.OPENAI_ADMIN_KEY,
    config.SLACK_BOT_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
  ].filter((s): s is string => Boolean(s));
  const logger = new JsonLineLogger<LogLevel>({
    level: logLevels[config.LOG_LEVEL],
    secrets,
    ...(options.logWrite ? { write: options.logWrite } : {}),
  });
  const db = await connectDatabase(config.DATABASE_URL, {
    onIdleError: (error) => logger.warn(`A database connection failed and was replaced: ${error.message}`),
  });
  await migrateToLatest(db);
  const identity = await botIdentity({
    token: config.SLACK_BOT_TOKEN,
    slackApiUrl: config.SLACK_API_URL,
    logger,
    retries: options.slackRetries ?? 3,
  });
  const inFlight = new InFlightWork();
  // Per bot, not prom-client's global registry: several bots in one process keep their counts apart.
  const metrics = new PrometheusMetrics(logger);
  const sweepRuns = new SweepRuns({ db, clock, logger, replica: replicaId(), secrets, metrics });

  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    ...(config.SLACK_APP_TOKEN
      ? {
          appToken: config.SLACK_APP_TOKEN,
          socketMode: true,
          // Socket Mode's receiver serves the custom routes (/healthz) on this port, 3000 unless told.
          installerOptions: { port: config.PORT },
        }
      : { signingSecret: config.SLACK_SIGNING_SECRET as string }),
    ...identity,
    logger,
    logLevel: logLevels[config.LOG_LEVEL],
    // The bot keeps its state in the database; Bolt's conversation store would be one more
    // middleware on every request, for nothing.
    convoStore: false,
    clientOptions: {
      slackApiUrl: config.SLACK_API_URL,
      retryConfig: { retries: options.slackRetries ?? 3, factor: 2, minTimeout: 500, maxTimeout: 4000 },
      fetch: meteredSlackFetch(metrics),
    },
    customRoutes: [
      healthRoute(db, { engine: engineOf(config.DATABASE_URL), clock, sweeps: sweepRuns }),
      metricsRoute(metrics),
    ],
  });
  // Reconnects at once when Slack recycles the connection, and keeps trying when it cannot.
  if (config.SLACK_APP_TOKEN) superviseSocketMode(app, logger);
  countSlackRequests(app, metrics);
  // Listeners keep working after ack(); count them so shutdown and tests can wait.
  app.use(async ({ next }) => {
    await inFlight.track(next());
  });
  app.error(async (error) => {
    logger.error(`Unhandled error in a listener: ${error.message}`);
  });

  const admin = createAdminClient({
    adminKey: config.OPENAI_ADMIN_KEY,
    baseURL: config.OPENAI_BASE_URL,
    maxRetries: options.adminRetries ?? 3,
    timeoutMs: options.adminTimeoutMs ?? 30_000,
    logger,
    metrics,
  });
  const { core, listenerServices, sweepInputs, services } = createServices({
    config,
    options,
    app,
    db,
    admin,
    clock,
    logger,
    metrics,
  });
  registerListeners(app, listenerServices);
  const jobs = createSweeps(core, config, { runs: sweepRuns, ...sweepInputs });
  let scheduler: ReturnType<typeof startScheduler> | undefined;

  return {
    app,
    db,
    admin,
    services,
    jobs,
    async start(port = config.PORT, startOptions = {}) {
      const started = await app.start(port);
      if (startOptions.sweeps ?? true) {
        scheduler = startScheduler(scheduledJobs(jobs, config, sweepRuns), logger, inFlight);
      }
      return config.SLACK_APP_TOKEN ? undefined : (started as Server);
    },
    idle: () => inFlight.idle(),
    /** Graceful: no new sweeps, no new requests, in-flight work finished (sweeps release their lease), then the database closes. */
    async stop(timeoutMs = 25_000) {
      scheduler?.stop();
      await app.stop();
      const finished = await Promise.race([
        inFlight.idle().then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      if (!finished)
        logger.warn(
          `Stopping with ${inFlight.running} tasks unfinished after ${timeoutMs} ms; the next sweep finishes them.`,
        );
      await db.destroy();
    },
  };
}
