import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { connectDatabase, type Db, engineOf } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { healthRoute } from './health.js';
import { InFlightWork } from './in-flight.js';
import { acceptPollTickSeconds } from './jobs/accept-poll.js';
import { createSweeps, type Sweeps } from './jobs/create-sweeps.js';
import { KEY_SWEEP_CHECK_SECONDS } from './jobs/key-sweep.js';
import { startScheduler } from './jobs/scheduler.js';
import { replicaId, SweepRuns } from './jobs/sweep-runs.js';
import { JsonLineLogger } from './json-line-logger.js';
import { metricsRoute, PrometheusMetrics } from './observability/prometheus-metrics.js';
import { createOffboarding } from './offboarding-wiring.js';
import { type AdminApi, createAdminClient } from './openai/admin-client.js';
import { auditAnswer } from './services/audit-log.js';
import { backlogReader } from './services/backlog.js';
import { BudgetReport } from './services/budget-report.js';
import { BudgetSettings } from './services/budget-settings.js';
import { CostExport } from './services/cost-export.js';
import { createOnboardings } from './services/create-onboardings.js';
import { ExtensionService } from './services/extensions.js';
import { GrantService } from './services/grants.js';
import { HomeService } from './services/home.js';
import { InviteDigests } from './services/invite-digests.js';
import { InviteService } from './services/invites.js';
import { createKeyServices } from './services/key-services.js';
import type { OnboardingService } from './services/onboardings.js';
import { OwnerHygiene } from './services/owner-hygiene.js';
import { PreAssignments } from './services/pre-assignments.js';
import { ProjectDirectory } from './services/project-directory.js';
import { ProjectPlanRunner } from './services/project-plan.js';
import { ProjectRequestCopies } from './services/project-request-copies.js';
import { ProjectRequests } from './services/project-requests.js';
import { RequestApplier } from './services/request-applier.js';
import { RequestDecisions } from './services/request-decisions.js';
import { RequestFollowups } from './services/request-followups.js';
import { RequestIntake } from './services/request-intake.js';
import { RequestMessages } from './services/request-messages.js';
import {
  createServiceAccountServices,
  type ServiceAccountServices,
} from './services/service-account-wiring.js';
import { botIdentity } from './slack/bot-identity.js';
import { registerListeners } from './slack/listeners.js';
import { SlackNotifier } from './slack/notifier/slack-notifier.js';
import { countSlackRequests, meteredSlackFetch } from './slack/slack-metrics.js';
import { slackPeople } from './slack/slack-people.js';
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
  const policy = {
    botAdmins: config.ACCESS_ADMINS,
    allowSelfApproval: config.ALLOW_SELF_APPROVAL,
    adminChannel: config.ADMIN_CHANNEL,
  };
  const home = new HomeService({
    db,
    clock,
    botAdmins: config.ACCESS_ADMINS,
    stallAfterHours: config.STALL_AFTER_HOURS,
    // Called only when an admin's Home is published, after `budgets` below exists.
    budgetsOver: () => budgetReport.over(75),
    onboardingsOf: (slackId) => onboardings.cardsOf(slackId),
  });
  const notifier = new SlackNotifier({
    client: app.client,
    logger,
    botAdmins: config.ACCESS_ADMINS,
    adminChannel: config.ADMIN_CHANNEL,
    homeOf: (slackId) => home.dataOf(slackId),
  });
  const core = { db, admin, people: slackPeople(app.client), notifier, clock, logger, metrics };
  const messages = new RequestMessages(db, notifier, logger);
  const digests = new InviteDigests({ ...core, stallAfterHours: config.STALL_AFTER_HOURS });
  const preAssignments = new PreAssignments({
    ...core,
    messages,
    // `applier` is built below (it needs `invites`); this runs only after wiring is done.
    afterApplied: (request) => applier.afterApplied(request),
  });
  const invites = new InviteService({
    ...core,
    messages,
    botAdmins: config.ACCESS_ADMINS,
    preAssignments,
    digests,
  });
  const applier = new RequestApplier({ ...core, messages, notYetMember: invites });
  const intake = new RequestIntake({ ...core, messages, policy });
  const decisions = new RequestDecisions({ ...core, messages, applier, policy });
  const extensions = new ExtensionService({ db, clock });
  const grants = new GrantService({ ...core, messages });
  const owners = new OwnerHygiene({ db, admin, clock, logger, notifier });
  applier.onApplied((request) => grants.takeOver(request));
  // An approval that makes someone an owner is when a project most often ends up with too many.
  // Pre-assignments applied by the invite sweep (an invite_id) are left to the weekly owner check,
  // so a sweep costs one Admin API call per accepted person and per membership, nothing more.
  applier.onApplied(async (request) => {
    if (request.role === 'owner' && !request.invite_id) {
      await owners.checkProject({ id: request.project_id, name: request.project_name });
    }
  });
  const followups = new RequestFollowups({
    db,
    notifier,
    messages,
    clock,
    logger,
    botAdmins: config.ACCESS_ADMINS,
    metrics,
  });
  const onboardings = createOnboardings(core, {
    botAdmins: config.ACCESS_ADMINS,
    invitesPerSecond: config.ONBOARD_INVITES_PER_SECOND,
    wait: options.wait,
  });
  // A pre-assignment of an onboarding applied by the invite sweep (or a click) moves its card.
  applier.onApplied((request) => onboardings.grantApplied(request));
  const budgetDeps = {
    ...core,
    directory: new ProjectDirectory({ db, admin, clock }),
    botAdmins: config.ACCESS_ADMINS,
  };
  const budgetReport = new BudgetReport(budgetDeps);
  const budgetSettings = new BudgetSettings(budgetDeps);
  const costExport = new CostExport(budgetDeps);
  const projectRequests = new ProjectRequests({
    ...core,
    runner: new ProjectPlanRunner({ ...core, applier, messages }),
    copies: new ProjectRequestCopies(core),
    policy,
    directory: budgetDeps.directory,
  });
  const serviceAccounts = createServiceAccountServices(core, {
    intake,
    messages,
    applier,
    botAdmins: config.ACCESS_ADMINS,
  });
  metrics.readBacklogFrom(
    backlogReader({ db, clock, stallAfterHours: config.STALL_AFTER_HOURS, budgetReport }),
  );
  const offboarding = createOffboarding(core, config, app.client, {
    slackPageDelayMs: options.slackPageDelayMs,
  });
  const keys = createKeyServices(core, {
    directory: budgetDeps.directory,
    botAdmins: config.ACCESS_ADMINS,
    settings: {
      unusedDays: config.KEY_UNUSED_DAYS,
      maxAgeDays: config.KEY_MAX_AGE_DAYS,
      intervalDays: config.KEY_REPORT_INTERVAL_DAYS,
    },
  });
  registerListeners(app, {
    serviceAccounts,
    intake,
    decisions,
    invites,
    extensions,
    budgetReport,
    budgetSettings,
    costExport,
    projectRequests,
    ...offboarding.services,
    onboardings,
    notifier,
    stallAfterHours: config.STALL_AFTER_HOURS,
    audit: (clicker, target) =>
      auditAnswer(db, { clickerSlackId: clicker, botAdmins: config.ACCESS_ADMINS, target }),
    keyActions: keys.actions,
    projectTiers: keys.tiers,
    keySettings: keys.settings,
  });

  const jobs = createSweeps(core, config, {
    runs: sweepRuns,
    invites,
    applier,
    preAssignments,
    digests,
    followups,
    grants,
    owners,
    projectRequests,
    slackAccounts: offboarding.sweep,
    keyHygiene: keys.hygiene,
    onboardings,
  });
  let scheduler: ReturnType<typeof startScheduler> | undefined;

  return {
    app,
    db,
    admin,
    services: {
      intake,
      decisions,
      invites,
      home,
      extensions,
      grants,
      owners,
      budgetReport,
      budgetSettings,
      costExport,
      serviceAccounts,
      onboardings,
    },
    jobs,
    async start(port = config.PORT, startOptions = {}) {
      const started = await app.start(port);
      if (startOptions.sweeps ?? true) {
        scheduler = startScheduler(
          [
            sweepRuns.scheduled('invites', config.SWEEP_INTERVAL_SECONDS, jobs.invites),
            sweepRuns.scheduled('requests', config.SWEEP_INTERVAL_SECONDS, jobs.requests),
            sweepRuns.scheduled('budgets', config.BUDGET_SWEEP_SECONDS, jobs.budgets),
            sweepRuns.scheduled('projects', config.SWEEP_INTERVAL_SECONDS, jobs.projects),
            sweepRuns.scheduled('service-accounts', config.SWEEP_INTERVAL_SECONDS, jobs.serviceAccounts),
            {
              name: 'accept-poll',
              everySeconds: acceptPollTickSeconds(config.ACCEPT_POLL_SECONDS),
              run: () => jobs.acceptPoll.run(),
            },
            // Hourly; the sweep itself checks once a day (the day counted from its last full run).
            sweepRuns.scheduled('slack-accounts', 3600, jobs.slackAccounts),
            sweepRuns.scheduled('keys', KEY_SWEEP_CHECK_SECONDS, jobs.keys),
            sweepRuns.scheduled('onboardings', config.SWEEP_INTERVAL_SECONDS, jobs.onboardings),
          ],
          logger,
          inFlight,
        );
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
