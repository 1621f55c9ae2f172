import type { AccessRequest } from '../db/schema.js';

/** What the service-account flow has to say (joined into `Notice`). Never carries a secret. */
export type ServiceAccountNotice =
  /** To the requester once approved: the Show key button (the key is made at the click). */
  | { kind: 'service_account.key_ready'; request: AccessRequest }
  /** To the project's owners: the account is removed on its end date in `days` days. */
  | { kind: 'service_account.ending'; request: AccessRequest; days: 7 | 1 }
  /** To the owners and the requester: the account was deleted, and why. */
  | {
      kind: 'service_account.removed';
      request: AccessRequest;
      reason: 'end_date' | 'deleted' | 'rotated';
      by: string;
    }
  /** To the admins, once: removing an account on its end date failed; the sweep retries. */
  | { kind: 'service_account.removal_failed'; request: AccessRequest; problem: string };
