import type { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { SlackAccountSweep } from './jobs/slack-account-sweep.js';
import type { CoreDeps } from './services/core-deps.js';
import { Offboarding } from './services/offboarding.js';
import { OffboardingDecisions } from './services/offboarding-decisions.js';
import { PeopleReport } from './services/people-report.js';
import { slackAccounts } from './slack/slack-accounts.js';

/** Offboarding's services and its daily sweep, built once by bot.ts. */
export function createOffboarding(
  core: CoreDeps,
  config: Config,
  client: WebClient,
  options: { slackPageDelayMs?: number | undefined },
) {
  const offboarding = new Offboarding(core);
  const offboardingDecisions = new OffboardingDecisions({
    ...core,
    botAdmins: config.ACCESS_ADMINS,
    offboarding,
  });
  const peopleReport = new PeopleReport({ db: core.db, botAdmins: config.ACCESS_ADMINS });
  const sweep = new SlackAccountSweep({
    db: core.db,
    admin: core.admin,
    clock: core.clock,
    offboarding,
    accounts: slackAccounts(client, { pageDelayMs: options.slackPageDelayMs }),
    // A big workspace's users.list walk takes minutes at Tier 2's pace.
    leaseSeconds: 3600,
  });
  return { services: { offboarding, offboardingDecisions, peopleReport }, sweep };
}
