import type { BudgetService } from '../services/budgets.js';
import type { ExtensionService } from '../services/extensions.js';
import type { InviteService } from '../services/invites.js';
import type { RequestDecisions } from '../services/request-decisions.js';
import type { RequestIntake } from '../services/request-intake.js';
import type { SlackNotifier } from './notifier/slack-notifier.js';

/** What the listeners call: the services, and the notifier for private answers and the App Home. */
export interface ListenerServices {
  intake: RequestIntake;
  decisions: RequestDecisions;
  invites: InviteService;
  extensions: ExtensionService;
  budgets: BudgetService;
  notifier: SlackNotifier;
  stallAfterHours: number;
  audit: (clickerSlackId: string, target: string | undefined) => Promise<string>;
}
