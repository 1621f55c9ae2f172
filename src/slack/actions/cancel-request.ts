import type { AccessRequestService } from '../../services/access-requests.js';
import { clickListener } from './click-listener.js';

export const cancelRequest = (services: { requests: AccessRequestService }) =>
  clickListener((click) => services.requests.cancel(click.value, click.userId));
