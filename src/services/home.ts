import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { pendingOlderThan, pendingSentTo, requestsOf, stalledTrackedInvites } from '../db/home-queries.js';
import { projectRequestsOf } from '../db/project-requests.js';
import type { AccessRequest, ProjectRequest, TrackedInvite } from '../db/schema.js';
import type { OnboardingNotice } from './onboard-notices.js';

/** An onboarding's card as the App Home of the person who started it shows it. */
export type OnboardingCard = Extract<OnboardingNotice, { kind: 'onboarding.card' }>;

/** How many of a person's own requests are read; older ones are counted, not listed. */
const MINE_READ = 60;

/** What a person's App Home shows: their requests, what waits for their decision, and for admins what is stuck. */
export interface HomeData {
  myRequests: readonly AccessRequest[];
  totalMine: number;
  waitingForMe: readonly AccessRequest[];
  /** Their newest requests for a new project or an archive. */
  projectRequests?: readonly ProjectRequest[];
  /** Group onboardings this person started that are not complete yet. */
  onboardings?: readonly OnboardingCard[];
  /** Only for bot admins. */
  admin?: {
    stalledInvites: readonly TrackedInvite[];
    longWaiting: readonly AccessRequest[];
    budgetsOver?: readonly { projectName: string; percent: number }[];
  };
}

/** Reads what a person's App Home shows; the notifier renders and publishes it. */
export class HomeService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      botAdmins: readonly string[];
      stallAfterHours: number;
      /** Projects whose spend passed 75 % of their soft budget; provided by the budget service when present. */
      budgetsOver?: () => Promise<{ projectName: string; percent: number }[]>;
      /** The person's open onboardings, wired once the onboarding service exists. */
      onboardingsOf?: (userId: string) => Promise<OnboardingCard[]>;
    },
  ) {}

  async dataOf(userId: string): Promise<HomeData> {
    const { db, clock, botAdmins, stallAfterHours } = this.deps;
    const now = clock.now();
    const [mine, waiting] = await Promise.all([requestsOf(db, userId, MINE_READ), pendingSentTo(db, userId)]);
    const admin = botAdmins.includes(userId)
      ? {
          stalledInvites: await stalledTrackedInvites(db, now, stallAfterHours),
          longWaiting: await pendingOlderThan(db, now, 24),
          budgetsOver: (await this.deps.budgetsOver?.()) ?? [],
        }
      : undefined;
    const projectRequests = await projectRequestsOf(db, userId, 5);
    const onboardings = (await this.deps.onboardingsOf?.(userId)) ?? [];
    return {
      myRequests: mine.newest,
      totalMine: mine.total,
      waitingForMe: waiting,
      projectRequests,
      onboardings,
      admin,
    };
  }
}
