import type { App } from '@slack/bolt';
import type { AccessRequestService } from '../services/access-requests.js';
import type { BudgetService } from '../services/budgets.js';
import type { ExtensionService } from '../services/extensions.js';
import type { HomeService } from '../services/home.js';
import type { InviteService } from '../services/invites.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as views from './views/index.js';

export interface ListenerServices {
  requests: AccessRequestService;
  invites: InviteService;
  extensions: ExtensionService;
  home: HomeService;
  budgets: BudgetService;
  stallAfterHours: number;
  audit: (clickerSlackId: string, target: string | undefined) => Promise<string>;
}

export function registerListeners(app: App, services: ListenerServices): void {
  commands.register(app, services);
  actions.register(app, services);
  views.register(app, services);
  events.register(app, services);
}
