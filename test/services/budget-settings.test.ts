import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { findBudget, findHardLimitReading, saveBudget } from '../../src/db/budgets.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { BudgetFormInput } from '../../src/domain/budget-form.js';
import type { AdminApi } from '../../src/openai/admin-client.js';
import type { HardLimit } from '../../src/openai/admin-types.js';
import { BudgetSettings } from '../../src/services/budget-settings.js';
import type { CoreDeps } from '../../src/services/core-deps.js';
import { ProjectDirectory } from '../../src/services/project-directory.js';
import { budgetAppliedModal, budgetSavedModal } from '../../src/slack/blocks/budget-modal.js';
import { ManualClock } from '../support/manual-clock.js';

const NOW = '2026-11-21T00:00:00Z';
const ALPHA = 'proj_alpha';

let db: Db;
let limits: Map<string, HardLimit>;
let failHardLimit: Error | undefined;

function settings(): BudgetSettings {
  const clock = new ManualClock(NOW);
  const admin = {
    getProject: async (id: string) => (id === ALPHA ? { id, name: 'Alpha', archived_at: null } : undefined),
    listProjectUsers: async () => [{ role: 'owner', email: 'Olga@uni.example' }],
    getHardLimit: async (id: string) => limits.get(id),
    setHardLimit: async (id: string, cents: number) => {
      if (failHardLimit) throw failHardLimit;
      const limit = { thresholdCents: cents, status: 'active', enforcing: false };
      limits.set(id, limit);
      return limit;
    },
    removeHardLimit: async (id: string) => void limits.delete(id),
  } as unknown as AdminApi;
  const people = {
    emailOf: async (slackId: string) => (slackId === 'UOLGA' ? 'olga@uni.example' : 'mia@uni.example'),
    slackIdByEmail: async () => undefined,
  };
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const deps = { db, admin, people, clock, logger: quiet, notifier: {} } as unknown as CoreDeps;
  return new BudgetSettings({
    ...deps,
    directory: new ProjectDirectory({ db, admin, clock }),
    botAdmins: ['UADMIN'],
  });
}

const form = (values: Partial<BudgetFormInput>): BudgetFormInput => ({
  amount: '',
  resetDay: '1',
  thresholds: '',
  hardLimitAction: 'keep',
  hardLimitAmount: '',
  ...values,
});

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  limits = new Map();
  failHardLimit = undefined;
});

afterEach(async () => {
  await db.destroy();
});

describe('submitSettings', () => {
  it('should save a soft budget with its audit record when an owner submits it', async () => {
    const saved = await settings().submitSettings('UOLGA', ALPHA, form({ amount: '500' }));

    expect(saved).toMatchObject({ kind: 'saved', project: { name: 'Alpha' }, soft: 'changed' });
    expect((await findBudget(db, ALPHA))?.amountCents).toBe(50_000);
    expect((await auditTrailOf(db, 'project', ALPHA)).map((e) => [e.action, e.before_state])).toEqual([
      ['budget.set', null],
    ]);
    if (saved.kind !== 'saved') throw new Error('not saved');
    expect(budgetSavedModal(saved).blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':white_check_mark: *Alpha*\n:white_check_mark: Soft budget: $500.00 per period, starting on day 1 (UTC), alerts at 50%, 75%, 90% and 100%.',
        },
      },
    ]);
  });

  it('should refuse a member who does not own the project, and store nothing', async () => {
    const refused = await settings().submitSettings('UMIA', ALPHA, form({ amount: '500' }));

    expect(refused).toEqual({ kind: 'refused', refusal: { kind: 'not_allowed', projectName: 'Alpha' } });
    expect(await findBudget(db, ALPHA)).toBeUndefined();
  });

  it('should ask first when the hard limit changes', async () => {
    const asked = await settings().submitSettings(
      'UADMIN',
      ALPHA,
      form({ amount: '500', hardLimitAction: 'set', hardLimitAmount: '900' }),
    );

    expect(asked).toMatchObject({ kind: 'confirm', currentHardLimitCents: null });
    expect(await findBudget(db, ALPHA)).toBeUndefined();
  });
});

describe('applyChange', () => {
  const change = {
    projectId: ALPHA,
    soft: { action: 'set' as const, amountCents: 50_000, resetDay: 1, thresholds: [50] },
    hard: { action: 'set' as const, cents: 90_000 },
  };

  it('should save the soft budget, set the hard limit and record both', async () => {
    const applied = await settings().applyChange('UADMIN', change);

    expect(applied).toEqual({
      projectName: 'Alpha',
      change,
      soft: 'changed',
      hard: { kind: 'set', thresholdCents: 90_000, enforcing: false },
    });
    expect((await findHardLimitReading(db, ALPHA))?.threshold_cents).toBe(90_000);
    expect((await auditTrailOf(db, 'project', ALPHA)).map((e) => e.action)).toEqual([
      'budget.set',
      'hard_limit.set',
    ]);
    expect(budgetAppliedModal(applied).blocks[0]).toMatchObject({
      text: {
        text: '*Alpha*\n:white_check_mark: Soft budget: $500.00 per period, starting on day 1 (UTC), alerts at 50%.\n:white_check_mark: Hard limit set in OpenAI: $900.00 a month.',
      },
    });
  });

  it('should keep the soft budget and say so when OpenAI refuses the hard limit', async () => {
    failHardLimit = new Error('boom');

    const applied = await settings().applyChange('UADMIN', change);

    expect(applied.soft).toBe('changed');
    expect(applied.hard.kind).toBe('failed');
    expect(await findHardLimitReading(db, ALPHA)).toBeUndefined();
    expect((await auditTrailOf(db, 'project', ALPHA)).map((e) => e.action)).toEqual(['budget.set']);
  });

  it('should say there was nothing to remove when a removal finds no budget', async () => {
    const removal = {
      projectId: ALPHA,
      soft: { action: 'remove' as const },
      hard: { action: 'keep' as const },
    };

    const applied = await settings().applyChange('UADMIN', removal);

    expect(applied).toMatchObject({ soft: 'nothing_to_remove', hard: { kind: 'kept' } });
    expect(budgetAppliedModal(applied).blocks[0]).toMatchObject({
      text: { text: '*Alpha*\nSoft budget: none (nothing to remove).' },
    });
  });

  it('should remove a budget and its unsent alerts in one go', async () => {
    await saveBudget(
      db,
      { projectId: ALPHA, amountCents: 10_000, resetDay: 1, thresholds: [50] },
      'UADMIN',
      new Date(NOW),
    );
    const removal = {
      projectId: ALPHA,
      soft: { action: 'remove' as const },
      hard: { action: 'keep' as const },
    };

    const applied = await settings().applyChange('UADMIN', removal);

    expect(applied.soft).toBe('changed');
    expect(await findBudget(db, ALPHA)).toBeUndefined();
    const [removed] = await auditTrailOf(db, 'project', ALPHA);
    expect(removed?.action).toBe('budget.removed');
    expect(JSON.parse(removed?.before_state ?? 'null')).toEqual({
      amount_cents: 10_000,
      reset_day: 1,
      thresholds: [50],
    });
    expect(removed?.after_state).toBeNull();
  });
});
