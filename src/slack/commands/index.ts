import type { App } from '@slack/bolt';
import { ACCESS_COMMAND } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { accessCommand } from './access-command.js';

export function register(app: App, services: ListenerServices): void {
  app.command(ACCESS_COMMAND, accessCommand(services));
}
