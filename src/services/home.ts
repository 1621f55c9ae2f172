import { recentRequestsOf } from '../db/access-requests.js';
import type { Db } from '../db/database.js';
import { homeView } from '../slack/blocks/home.js';
import type { SlackGateway } from './slack-gateway.js';

const SHOWN = 20;

export class HomeService {
  constructor(private readonly deps: { db: Db; slack: SlackGateway }) {}

  async publish(userId: string): Promise<void> {
    const { db, slack } = this.deps;
    const [mine, total] = await Promise.all([
      recentRequestsOf(db, userId, SHOWN),
      db
        .selectFrom('access_requests')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('requester_slack_id', '=', userId)
        .executeTakeFirstOrThrow(),
    ]);
    await slack.publishHome(userId, homeView({ myRequests: mine, totalMine: Number(total.count) }));
  }
}
