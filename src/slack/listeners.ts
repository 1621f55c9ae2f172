import type { App } from '@slack/bolt';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import type { ListenerServices } from './listener-services.js';
import * as views from './views/index.js';

export type { ListenerServices } from './listener-services.js';

export function registerListeners(app: App, services: ListenerServices): void {
  commands.register(app, services);
  actions.register(app, services);
  views.register(app, services);
  events.register(app, services);
}
