import { subHours } from 'date-fns/subHours';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { homeView } from '../slack/blocks/home.js';
import type { SlackGateway } from './slack-gateway.js';

/** How many of a person's own requests are read; older ones are counted, not listed. */
const MINE_READ = 60;

/** The App Home tab: my requests, what waits for my decision, and for admins what is stuck. */
export class HomeService {
  constructor(
    private readonly deps: {
      db: Db;
      slack: SlackGateway;
      clock: Clock;
      logger: Logger;
      botAdmins: readonly string[];
      stallAfterHours: number;
      /** Projects whose spend passed 75 % of their soft budget; provided by the budget service when present. */
      budgetsOver?: () => Promise<{ projectName: string; percent: number }[]>;
    },
  ) {}

  /**
   * People who opened their Home tab since this process started. Only their tabs are kept fresh
   * on every change: a Home nobody looks at is published when it is next opened, which saves
   * Slack calls (views.publish is rate-limited) and work after every click.
   */
  #watching = new Set<string>();

  /** `app_home_opened`: publish, and keep this person's tab fresh from now on. */
  async opened(userId: string): Promise<void> {
    this.#watching.add(userId);
    await this.publish(userId);
  }

  async publish(userId: string): Promise<void> {
    const { db, slack, clock, botAdmins, stallAfterHours } = this.deps;
    const now = clock.now();
    const [mine, total, waiting] = await Promise.all([
      db
        .selectFrom('access_requests')
        .selectAll()
        .where('requester_slack_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(MINE_READ)
        .execute(),
      db
        .selectFrom('access_requests')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('requester_slack_id', '=', userId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('access_requests')
        .selectAll()
        .where('status', '=', 'pending')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('request_messages')
            .select('request_id')
            .where('audience', '=', 'approver')
            .where('recipient_slack_id', '=', userId),
        )
        .orderBy('created_at', 'desc')
        .execute(),
    ]);
    const admin = botAdmins.includes(userId)
      ? {
          stalledInvites: await db
            .selectFrom('tracked_invites')
            .selectAll()
            .where('status', '=', 'pending')
            .where('invited_at', '<=', subHours(now, stallAfterHours).toISOString())
            .orderBy('invited_at')
            .execute(),
          longWaiting: await db
            .selectFrom('access_requests')
            .selectAll()
            .where('status', '=', 'pending')
            .where('created_at', '<=', subHours(now, 24).toISOString())
            .orderBy('created_at')
            .execute(),
          budgetsOver: (await this.deps.budgetsOver?.()) ?? [],
        }
      : undefined;
    await slack.publishHome(
      userId,
      homeView({ myRequests: mine, totalMine: Number(total.count), waitingForMe: waiting, admin }),
    );
  }

  /** Re-publishes the tabs of those people who are watching; a failure for one never stops the others. */
  async refresh(userIds: Iterable<string>): Promise<void> {
    for (const userId of new Set(userIds)) {
      if (!this.#watching.has(userId)) continue;
      await this.publish(userId).catch((error: unknown) =>
        this.deps.logger.warn(`Could not refresh the App Home of ${userId}: ${String(error)}`),
      );
    }
  }
}
