import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

/** "Re-send invite" on a stalled invite and "Re-invite" on an expired one: the same operation. */
export const resendInvite = ({ invites, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => invites.resend(click.value, click.userId));
