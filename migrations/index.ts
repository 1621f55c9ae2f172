import type { Migration } from 'kysely';
import * as accessRequests from './2026-11-23-01-access-requests.js';
import * as invitesAndLeases from './2026-11-23-02-invites-and-leases.js';
import * as remindersAndGrants from './2026-11-23-03-reminders-and-grants.js';
import * as budgets from './2026-11-23-04-budgets.js';
import * as appliedAnnounced from './2026-11-23-05-applied-announced.js';
import * as oneOpenRequest from './2026-11-23-06-one-open-request.js';
import * as inviteDigests from './2026-12-02-01-invite-digests.js';
import * as sweepHealth from './2026-12-02-03-sweep-health.js';
import * as offboarding from './2026-12-03-01-offboarding.js';
import * as keyHygiene from './2026-12-03-02-key-hygiene.js';
import * as serviceAccounts from './2026-12-03-03-service-accounts.js';
import * as onboardings from './2026-12-03-04-onboardings.js';
import * as projectRequests from './2026-12-03-06-project-requests.js';

/**
 * Every migration, by name. Names sort in time order; a landed migration is never edited or
 * renamed (Kysely refuses a history that changed). Listed statically because Kysely's
 * FileMigrationProvider cannot import .ts files under vitest.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23-01-access-requests': accessRequests,
  '2026-11-23-02-invites-and-leases': invitesAndLeases,
  '2026-11-23-03-reminders-and-grants': remindersAndGrants,
  '2026-11-23-04-budgets': budgets,
  '2026-11-23-05-applied-announced': appliedAnnounced,
  '2026-11-23-06-one-open-request': oneOpenRequest,
  '2026-12-02-01-invite-digests': inviteDigests,
  '2026-12-02-03-sweep-health': sweepHealth,
  '2026-12-03-01-offboarding': offboarding,
  '2026-12-03-02-key-hygiene': keyHygiene,
  '2026-12-03-03-service-accounts': serviceAccounts,
  '2026-12-03-04-onboardings': onboardings,
  '2026-12-03-06-project-requests': projectRequests,
};
