import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { HomeService } from '../../services/home.js';

export function appHomeOpened(services: { home: HomeService }) {
  return async function appHomeOpenedListener({
    event,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> {
    // The Messages tab has nothing of ours to render.
    if (event.tab !== 'home') return;
    await services.home.opened(event.user);
  };
}
