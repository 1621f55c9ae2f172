import type { App } from '@slack/bolt';
import type { ListenerServices } from '../listener-services.js';
import { appHomeOpened } from './app-home-opened.js';
import { userChange } from './user-change.js';

export function register(app: App, services: ListenerServices): void {
  app.event('app_home_opened', appHomeOpened(services));
  app.event('user_change', userChange(services));
}
