import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { ActionIds } from '../ids.js';
import { approveRequest } from './approve-request.js';
import { denyRequest } from './deny-request.js';

export function register(app: App, services: { requests: AccessRequestService }): void {
  app.action(ActionIds.approveRequest, approveRequest(services));
  app.action(ActionIds.denyRequest, denyRequest(services));
}
