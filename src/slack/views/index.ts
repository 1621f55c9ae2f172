import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { ViewCallbackIds } from '../ids.js';
import { denyReasonSubmitted } from './deny-reason-submitted.js';
import { requestAccessSubmitted } from './request-access-submitted.js';

export function register(app: App, services: { requests: AccessRequestService }): void {
  app.view(ViewCallbackIds.requestAccess, requestAccessSubmitted(services));
  app.view(ViewCallbackIds.denyReason, denyReasonSubmitted(services));
}
