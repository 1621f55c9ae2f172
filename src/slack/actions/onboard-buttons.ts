import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

/** Retry on an onboarding's card: its failed steps run again (the clicker is checked again). */
export const onboardRetry = ({ onboardings, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => onboardings.retry(click.value, click.userId));

/** Nudge the waiting on an onboarding's card. */
export const onboardNudge = ({ onboardings, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => onboardings.nudge(click.value, click.userId));
