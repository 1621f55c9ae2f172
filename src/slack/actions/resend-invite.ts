import type { InviteService } from '../../services/invites.js';
import { clickListener } from './click-listener.js';

/** "Re-send invite" on a stalled invite and "Re-invite" on an expired one: the same operation. */
export const resendInvite = (services: { invites: InviteService }) =>
  clickListener((click) => services.invites.resend(click.value, click.userId));
