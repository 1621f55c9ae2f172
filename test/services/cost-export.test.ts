import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeDailyCosts } from '../../src/db/daily-costs.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { rememberProjects } from '../../src/db/known-projects.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { AdminApi } from '../../src/openai/admin-client.js';
import type { CoreDeps } from '../../src/services/core-deps.js';
import { CostExport } from '../../src/services/cost-export.js';
import type { Notice } from '../../src/services/notices.js';
import type { OutgoingFile } from '../../src/services/notifier.js';
import { ProjectDirectory } from '../../src/services/project-directory.js';
import { costExportText } from '../../src/slack/blocks/budget-answers.js';
import { ManualClock } from '../support/manual-clock.js';

const NOW = '2026-11-21T12:00:00Z';

let db: Db;
let files: { slackId: string; file: OutgoingFile; notice: Notice }[];

function costExport(): CostExport {
  const clock = new ManualClock(NOW);
  const admin = { listProjects: async () => [{ id: 'proj_alpha', name: 'Alpha', status: 'active' }] };
  const notifier = {
    sendFile: async (slackId: string, file: OutgoingFile, notice: Notice) => {
      files.push({ slackId, file, notice });
    },
  };
  const deps = { db, clock, notifier } as unknown as CoreDeps;
  return new CostExport({
    ...deps,
    directory: new ProjectDirectory({ db, admin: admin as unknown as AdminApi, clock }),
    botAdmins: ['UADMIN'],
  });
}

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  files = [];
  await rememberProjects(db, [{ id: 'proj_alpha', name: 'Alpha', archived: false }], new Date(NOW));
});

afterEach(async () => {
  await db.destroy();
});

describe('exportCosts', () => {
  it('should refuse anyone but a bot admin, naming them', async () => {
    const outcome = await costExport().exportCosts('UOLGA', { projects: [] });

    expect(costExportText(outcome)).toBe('Only bot admins can export costs: <@UADMIN>.');
    expect(files).toEqual([]);
  });

  it('should say when nothing is stored yet', async () => {
    expect(await costExport().exportCosts('UADMIN', { projects: [] })).toEqual({ kind: 'no_history' });
  });

  it('should upload the CSV through the notifier with a costs.exported notice', async () => {
    await storeDailyCosts(
      db,
      {
        costs: [{ projectId: 'proj_alpha', day: '2026-11-10', cents: 1234 }],
        fromDay: '2026-11-05',
        toDay: '2026-11-21',
        recentFromDay: '2026-11-20',
      },
      new Date(NOW),
    );

    const outcome = await costExport().exportCosts('UADMIN', { from: '2026-11-01', projects: ['alpha'] });

    expect(costExportText(outcome)).toBe(
      'Sent openai-costs-2026-11-01-to-2026-11-21.csv (1 row) to your DM with the bot.',
    );
    expect(files).toHaveLength(1);
    expect(files[0]?.slackId).toBe('UADMIN');
    expect(files[0]?.file.title).toBe('OpenAI costs 2026-11-01 to 2026-11-21');
    expect(files[0]?.notice).toEqual({
      kind: 'costs.exported',
      fromDay: '2026-11-01',
      toDay: '2026-11-21',
      projects: 1,
      totalCents: 1234,
      refreshedAt: '2026-11-21T12:00:00.000Z',
      historyStartsOn: '2026-11-10',
    });
  });
});
