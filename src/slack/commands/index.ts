import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { ACCESS_COMMAND } from '../ids.js';
import { accessCommand } from './access-command.js';

export function register(app: App, services: { requests: AccessRequestService }): void {
  app.command(ACCESS_COMMAND, accessCommand(services));
}
