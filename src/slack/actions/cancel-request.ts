import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

export const cancelRequest = ({ decisions, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => decisions.cancel(click.value, click.userId));
