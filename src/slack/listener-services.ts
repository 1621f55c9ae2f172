import type { AuditAnswer } from '../services/audit-log.js';
import type { BudgetReport } from '../services/budget-report.js';
import type { BudgetSettings } from '../services/budget-settings.js';
import type { CostExport } from '../services/cost-export.js';
import type { ExtensionService } from '../services/extensions.js';
import type { InviteService } from '../services/invites.js';
import type { KeyActions } from '../services/key-actions.js';
import type { KeyHygieneSettings } from '../services/key-hygiene.js';
import type { Offboarding } from '../services/offboarding.js';
import type { OffboardingDecisions } from '../services/offboarding-decisions.js';
import type { OnboardingService } from '../services/onboardings.js';
import type { PeopleReport } from '../services/people-report.js';
import type { ProjectRequests } from '../services/project-requests.js';
import type { ProjectTiers } from '../services/project-tiers.js';
import type { RequestDecisions } from '../services/request-decisions.js';
import type { RequestIntake } from '../services/request-intake.js';
import type { ServiceAccountServices } from '../services/service-account-wiring.js';
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
  projectRequests: ProjectRequests;
  onboardings: OnboardingService;
  notifier: SlackNotifier;
  stallAfterHours: number;
  audit: (clickerSlackId: string, target: string | undefined) => Promise<AuditAnswer>;
  serviceAccounts: ServiceAccountServices;
  offboarding: Offboarding;
  offboardingDecisions: OffboardingDecisions;
  peopleReport: PeopleReport;
  keyActions: KeyActions;
  projectTiers: ProjectTiers;
  keySettings: KeyHygieneSettings;
}
