import type { AccessRequestService } from '../../services/access-requests.js';
import { clickListener } from './click-listener.js';

/** Opens the small "reason" modal; the denial itself happens when it is submitted. */
export const denyRequest = (services: { requests: AccessRequestService }) =>
  clickListener((click) => services.requests.startDeny(click.value, click.userId, click.triggerId));
