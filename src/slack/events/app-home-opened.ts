import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerServices } from '../listener-services.js';

export function appHomeOpened({ notifier }: ListenerServices) {
  return async function appHomeOpenedListener({
    event,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> {
    // The Messages tab has nothing of ours to render.
    if (event.tab !== 'home') return;
    await notifier.homeOpened(event.user);
  };
}
