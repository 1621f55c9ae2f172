import type { CoreDeps } from './core-deps.js';
import type { RequestApplier } from './request-applier.js';
import type { RequestIntake } from './request-intake.js';
import type { RequestMessages } from './request-messages.js';
import { ServiceAccountAdmin } from './service-account-admin.js';
import { ServiceAccountKeys } from './service-account-keys.js';
import { ServiceAccountRequests } from './service-account-requests.js';

/** The service-account use cases, as the listeners and tests reach them. */
export interface ServiceAccountServices {
  requests: ServiceAccountRequests;
  keys: ServiceAccountKeys;
  admin: ServiceAccountAdmin;
}

/** Builds them once, and makes the applier hand service-account requests to them. */
export function createServiceAccountServices(
  core: CoreDeps,
  input: {
    intake: RequestIntake;
    messages: RequestMessages;
    applier: RequestApplier;
    botAdmins: readonly string[];
  },
): ServiceAccountServices {
  const requests = new ServiceAccountRequests({ ...core, intake: input.intake, messages: input.messages });
  input.applier.handleOtherKinds(requests);
  return {
    requests,
    keys: new ServiceAccountKeys({ ...core, botAdmins: input.botAdmins }),
    admin: new ServiceAccountAdmin({ ...core, botAdmins: input.botAdmins, requests }),
  };
}
