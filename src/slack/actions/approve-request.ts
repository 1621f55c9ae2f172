import type { AccessRequestService } from '../../services/access-requests.js';
import { clickListener } from './click-listener.js';

export const approveRequest = (services: { requests: AccessRequestService }) =>
  clickListener((click) => services.requests.approve(click.value, click.userId));
