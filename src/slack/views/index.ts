import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import type { ExtensionService } from '../../services/extensions.js';
import { ViewCallbackIds } from '../ids.js';
import { denyReasonSubmitted } from './deny-reason-submitted.js';
import { extendSubmitted } from './extend-submitted.js';
import { requestAccessSubmitted } from './request-access-submitted.js';

export function register(
  app: App,
  services: { requests: AccessRequestService; extensions: ExtensionService },
): void {
  app.view(ViewCallbackIds.requestAccess, requestAccessSubmitted(services));
  app.view(ViewCallbackIds.denyReason, denyReasonSubmitted(services));
  app.view(ViewCallbackIds.extendGrant, extendSubmitted(services));
}
