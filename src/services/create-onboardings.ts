import type { CoreDeps } from './core-deps.js';
import { OnboardCards } from './onboard-cards.js';
import { OnboardRunner } from './onboard-runner.js';
import { OnboardingService } from './onboardings.js';

/** Group onboarding, wired once (bot.ts): its cards, its paced runner, the service. */
export function createOnboardings(
  core: CoreDeps,
  settings: {
    botAdmins: readonly string[];
    invitesPerSecond: number;
    /** How the runner waits (pacing, Retry-After); real sleeping unless a test moves its clock. */
    wait?: ((ms: number) => Promise<void>) | undefined;
  },
): OnboardingService {
  const cards = new OnboardCards(core);
  const runner = new OnboardRunner({
    ...core,
    cards,
    botAdmins: settings.botAdmins,
    invitesPerSecond: settings.invitesPerSecond,
    wait: settings.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  return new OnboardingService({ ...core, botAdmins: settings.botAdmins, cards, runner });
}
