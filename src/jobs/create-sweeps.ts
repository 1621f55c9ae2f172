import type { Config } from '../config.js';
import type { CoreDeps } from '../services/core-deps.js';
import type { GrantService } from '../services/grants.js';
import type { InviteDigests } from '../services/invite-digests.js';
import type { InviteService } from '../services/invites.js';
import type { KeyHygiene, KeyRunReport } from '../services/key-hygiene.js';
import type { OnboardingService } from '../services/onboardings.js';
import type { OwnerHygiene } from '../services/owner-hygiene.js';
import type { PreAssignments } from '../services/pre-assignments.js';
import type { ProjectRequests } from '../services/project-requests.js';
import type { RequestApplier } from '../services/request-applier.js';
import type { RequestFollowups } from '../services/request-followups.js';
import { AcceptPoll, acceptPollTickSeconds } from './accept-poll.js';
import { BudgetSweep, type BudgetSweepReport } from './budget-sweep.js';
import { InviteSweep, type InviteSweepReport } from './invite-sweep.js';
import { KEY_SWEEP_CHECK_SECONDS, KeySweep } from './key-sweep.js';
import { OnboardingSweep, type OnboardingSweepReport } from './onboarding-sweep.js';
import { ProjectPlanSweep, type ProjectPlanSweepReport } from './project-plan-sweep.js';
import { RequestSweep, type RequestSweepReport } from './request-sweep.js';
import type { ScheduledJob } from './scheduler.js';
import { ServiceAccountSweep, type ServiceAccountSweepReport } from './service-account-sweep.js';
import type { SlackAccountSweep, SlackAccountSweepReport } from './slack-account-sweep.js';
import type { Sweep, SweepRuns } from './sweep-runs.js';

/** The periodic sweeps, each recorded for `/healthz` whether a timer or a test runs it. */
export interface Sweeps {
  invites: Sweep<InviteSweepReport>;
  requests: Sweep<RequestSweepReport>;
  budgets: Sweep<BudgetSweepReport>;
  projects: Sweep<ProjectPlanSweepReport>;
  serviceAccounts: Sweep<ServiceAccountSweepReport>;
  /** The acceptance poll (issue 14): lists invites every ACCEPT_POLL_SECONDS, only while someone waits. */
  acceptPoll: AcceptPoll;
  /** Daily: Slack accounts deactivated while the bot did not hear it; org users with none. */
  slackAccounts: Sweep<SlackAccountSweepReport>;
  keys: Sweep<KeyRunReport>;
  onboardings: Sweep<OnboardingSweepReport>;
}

/** What the sweeps call: the services they move along. */
export interface CreateSweepsInput {
  runs: SweepRuns;
  invites: InviteService;
  applier: RequestApplier;
  preAssignments: PreAssignments;
  digests: InviteDigests;
  followups: RequestFollowups;
  grants: GrantService;
  owners: OwnerHygiene;
  projectRequests: ProjectRequests;
  slackAccounts: SlackAccountSweep;
  keyHygiene: KeyHygiene;
  onboardings: OnboardingService;
}

/** Builds the three sweeps from the services they call; bot.ts schedules them. */
export function createSweeps(core: CoreDeps, config: Config, input: CreateSweepsInput): Sweeps {
  // Long enough for a slow sweep; short enough that a crashed replica's lease lapses soon.
  const leaseSeconds = Math.max(60, config.SWEEP_INTERVAL_SECONDS * 2);
  const { runs, invites, applier, preAssignments, digests, followups, grants, owners } = input;
  const inviteSweep = new InviteSweep({
    ...core,
    invites,
    applier,
    preAssignments,
    digests,
    stallAfterHours: config.STALL_AFTER_HOURS,
    leaseSeconds,
    afterSweep: () => input.onboardings.flushCards(),
  });
  const requestSweep = new RequestSweep({
    db: core.db,
    clock: core.clock,
    logger: core.logger,
    followups,
    grants,
    owners,
    policy: {
      remindAfterHours: config.REMIND_AFTER_HOURS,
      escalateAfterHours: config.ESCALATE_AFTER_HOURS,
      ttlDays: config.REQUEST_TTL_DAYS,
    },
    leaseSeconds,
  });
  const budgetSweep = new BudgetSweep({
    ...core,
    adminsReachable: Boolean(config.ADMIN_CHANNEL) || config.ACCESS_ADMINS.length > 0,
    leaseSeconds: Math.max(60, config.BUDGET_SWEEP_SECONDS * 2),
  });
  const acceptPoll = new AcceptPoll({
    ...core,
    preAssignments,
    digests,
    owner: inviteSweep.owner,
    leaseSeconds,
    pollSeconds: config.ACCEPT_POLL_SECONDS,
  });
  return {
    invites: runs.recorded('invites', acceptPoll.alongside(inviteSweep)),
    requests: runs.recorded('requests', requestSweep),
    budgets: runs.recorded('budgets', budgetSweep),
    projects: runs.recorded('projects', new ProjectPlanSweep(input.projectRequests)),
    serviceAccounts: runs.recorded(
      'service-accounts',
      new ServiceAccountSweep({ ...core, botAdmins: config.ACCESS_ADMINS, leaseSeconds }),
    ),
    acceptPoll,
    slackAccounts: runs.recorded('slack-accounts', input.slackAccounts),
    keys: runs.recorded(
      'keys',
      new KeySweep({ db: core.db, clock: core.clock, hygiene: input.keyHygiene, leaseSeconds: 3600 }),
    ),
    onboardings: runs.recorded(
      'onboardings',
      new OnboardingSweep({ ...core, onboardings: input.onboardings, leaseSeconds }),
    ),
  };
}

/** Every periodic job and how often it runs; bot.ts hands them to the scheduler. */
export function scheduledJobs(jobs: Sweeps, config: Config, runs: SweepRuns): ScheduledJob[] {
  return [
    runs.scheduled('invites', config.SWEEP_INTERVAL_SECONDS, jobs.invites),
    runs.scheduled('requests', config.SWEEP_INTERVAL_SECONDS, jobs.requests),
    runs.scheduled('budgets', config.BUDGET_SWEEP_SECONDS, jobs.budgets),
    runs.scheduled('projects', config.SWEEP_INTERVAL_SECONDS, jobs.projects),
    runs.scheduled('service-accounts', config.SWEEP_INTERVAL_SECONDS, jobs.serviceAccounts),
    {
      name: 'accept-poll',
      everySeconds: acceptPollTickSeconds(config.ACCEPT_POLL_SECONDS),
      run: () => jobs.acceptPoll.run(),
    },
    // Hourly; the sweep itself checks once a day (the day counted from its last full run).
    runs.scheduled('slack-accounts', 3600, jobs.slackAccounts),
    runs.scheduled('keys', KEY_SWEEP_CHECK_SECONDS, jobs.keys),
    runs.scheduled('onboardings', config.SWEEP_INTERVAL_SECONDS, jobs.onboardings),
  ];
}
