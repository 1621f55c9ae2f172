import type { AuditAnswer } from '../services/audit-log.js';
import type { BudgetReport } from '../services/budget-report.js';
import type { BudgetSettings } from '../services/budget-settings.js';
import type { CostExport } from '../services/cost-export.js';
import type { ExtensionService } from '../services/extensions.js';
import type { InviteService } from '../services/invites.js';
import type { OnboardingService } from '../services/onboardings.js';
import type { RequestDecisions } from '../services/request-decisions.js';
import type { RequestIntake } from '../services/request-intake.js';
import type { SlackNotifier } from './notifier/slack-notifier.js';

/** What the listeners call: the services, and the notifier for private answers and the App Home. */
export interface ListenerServices {
  intake: RequestIntake;
  decisions: RequestDecisions;
  invites: InviteService;
  extensions: ExtensionService;
  budgetReport: BudgetReport;
  budgetSettings: BudgetSettings;
  costExport: CostExport;
  onboardings: OnboardingService;
  notifier: SlackNotifier;
  stallAfterHours: number;
  audit: (clickerSlackId: string, target: string | undefined) => Promise<AuditAnswer>;
}
