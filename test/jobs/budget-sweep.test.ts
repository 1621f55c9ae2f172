import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { raiseAlerts, saveAlertProgress } from '../../src/db/budget-alerts.js';
import { saveBudget } from '../../src/db/budgets.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { rememberProjects } from '../../src/db/known-projects.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DailyCost } from '../../src/domain/daily-costs.js';
import { ADMINS } from '../../src/jobs/budget-alert-recipients.js';
import { BudgetSweep } from '../../src/jobs/budget-sweep.js';
import type { AdminApi } from '../../src/openai/admin-client.js';
import type { Notice } from '../../src/services/notices.js';
import type { Notifier } from '../../src/services/notifier.js';
import { ManualClock } from '../support/manual-clock.js';

const NOW = '2026-11-21T00:00:00Z';
const ALPHA = 'proj_alpha';

let db: Db;
let told: { to: string; notice: Notice }[];

/** Alpha spent $55 of a $100 budget in November; its one owner is Olga. */
function sweep(options: { adminsReachable: boolean; owners?: string[] }): BudgetSweep {
  const costs: DailyCost[] = Array.from({ length: 20 }, (_, i) => ({
    projectId: ALPHA,
    day: `2026-11-${String(i + 1).padStart(2, '0')}`,
    cents: 275,
  }));
  const admin = {
    dailyCosts: async () => ({ costs, pages: 1 }),
    listProjectUsers: async () =>
      (options.owners ?? ['olga@uni.example']).map((email) => ({ role: 'owner', email })),
  } as unknown as AdminApi;
  const notifier = {
    toAdmins: async (notice: Notice) => void told.push({ to: ADMINS, notice }),
    toPerson: async (slackId: string, notice: Notice) => {
      told.push({ to: slackId, notice });
      return { channel: 'D1', ts: '1' };
    },
  } as unknown as Notifier;
  const people = {
    emailOf: async () => undefined,
    slackIdByEmail: async (email: string) => (email === 'olga@uni.example' ? 'UOLGA' : undefined),
  };
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  return new BudgetSweep({
    db,
    admin,
    people,
    notifier,
    clock: new ManualClock(NOW),
    logger: quiet,
    adminsReachable: options.adminsReachable,
    leaseSeconds: 60,
  });
}

const alertRow = () => db.selectFrom('budget_alerts').selectAll().executeTakeFirstOrThrow();

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  told = [];
  await rememberProjects(db, [{ id: ALPHA, name: 'Alpha', archived: false }], new Date(NOW));
  await saveBudget(
    db,
    { projectId: ALPHA, amountCents: 10_000, resetDay: 1, thresholds: [50] },
    'UADMIN',
    new Date(NOW),
  );
});

afterEach(async () => {
  await db.destroy();
});

describe('BudgetSweep.run', () => {
  it('should tell the admins and each owner once, through the notifier', async () => {
    const report = await sweep({ adminsReachable: true }).run();

    expect(report).toMatchObject({ ran: true, alertsRaised: 1, messagesSent: 2, failures: [] });
    expect(told.map((t) => t.to)).toEqual([ADMINS, 'UOLGA']);
    expect(told[0]?.notice).toMatchObject({
      kind: 'budget.alert',
      projectName: 'Alpha',
      threshold: 50,
      forecast: false,
      hardLimit: null,
    });
    expect(await alertRow()).toMatchObject({ status: 'sent', delivered_to: '["admins","UOLGA"]' });

    await sweep({ adminsReachable: true }).run();
    expect(told).toHaveLength(2);
  });

  it('should count an admin channel stored by an earlier version as the admins reached', async () => {
    await raiseAlerts(
      db,
      [{ projectId: ALPHA, periodStart: '2026-11-01', kind: 'threshold', threshold: 50 }],
      new Date(NOW),
    );
    await saveAlertProgress(
      db,
      { projectId: ALPHA, periodStart: '2026-11-01', kind: 'threshold', threshold: 50 },
      { status: 'pending', deliveredTo: ['C0ADMINS01'], attempts: 1, lastError: 'UOLGA: down', sentAt: null },
    );

    await sweep({ adminsReachable: true }).run();

    expect(told.map((t) => t.to)).toEqual(['UOLGA']);
    expect(await alertRow()).toMatchObject({ status: 'sent', delivered_to: '["admins","UOLGA"]' });
  });

  it('should keep the alert pending when there is nobody to tell', async () => {
    await sweep({ adminsReachable: false, owners: [] }).run();

    expect(told).toEqual([]);
    expect(await alertRow()).toMatchObject({
      status: 'pending',
      last_error:
        'nobody to tell: set ADMIN_CHANNEL or ACCESS_ADMINS, or give the project owners who are in Slack',
    });
  });
});
