import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

export const approveRequest = ({ decisions, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => decisions.approve(click.value, click.userId));
