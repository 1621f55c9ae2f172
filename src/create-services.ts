import type { App } from '@slack/bolt';
import type { BotOptions } from './bot.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { CreateSweepsInput } from './jobs/create-sweeps.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { createOffboarding } from './offboarding-wiring.js';
import type { AdminApi } from './openai/admin-client.js';
import { auditAnswer } from './services/audit-log.js';
import { backlogReader } from './services/backlog.js';
import { BudgetReport } from './services/budget-report.js';
import { BudgetSettings } from './services/budget-settings.js';
import type { CoreDeps } from './services/core-deps.js';
import { CostExport } from './services/cost-export.js';
import { createOnboardings } from './services/create-onboardings.js';
import { ExtensionService } from './services/extensions.js';
import { GrantService } from './services/grants.js';
import { HomeService } from './services/home.js';
import { InviteDigests } from './services/invite-digests.js';
import { InviteService } from './services/invites.js';
import { createKeyServices } from './services/key-services.js';
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
import { createServiceAccountServices } from './services/service-account-wiring.js';
import type { ListenerServices } from './slack/listener-services.js';
import { SlackNotifier } from './slack/notifier/slack-notifier.js';
import { slackPeople } from './slack/slack-people.js';

export interface ServiceInputs {
  config: Config;
  options: BotOptions;
  app: App;
  db: Db;
  admin: AdminApi;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Every service, wired once: what the listeners call, what the sweeps run, and what tests and
 * the demo reach through `bot.services`. Kept apart from bot.ts, which owns the process side
 * (database, Bolt, scheduler, shutdown).
 */
export function createServices({ config, options, app, db, admin, clock, logger, metrics }: ServiceInputs) {
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
    runner: new ProjectPlanRunner({
      ...core,
      applier,
      messages,
      grantClosed: (grant, reason) => onboardings.grantClosed(grant, reason),
    }),
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
  const listenerServices: ListenerServices = {
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
  };
  const sweepInputs: Omit<CreateSweepsInput, 'runs'> = {
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
  };
  const services = {
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
  };
  return { core: core as CoreDeps, listenerServices, sweepInputs, services };
}
