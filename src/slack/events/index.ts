import type { App } from '@slack/bolt';
import type { HomeService } from '../../services/home.js';
import { appHomeOpened } from './app-home-opened.js';

export function register(app: App, services: { home: HomeService }): void {
  app.event('app_home_opened', appHomeOpened(services));
}
