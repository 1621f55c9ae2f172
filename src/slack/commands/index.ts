import type { App } from '@slack/bolt';
import { ACCESS_COMMAND } from '../ids.js';
import { type AccessCommandServices, accessCommand } from './access-command.js';

export function register(app: App, services: AccessCommandServices): void {
  app.command(ACCESS_COMMAND, accessCommand(services));
}
