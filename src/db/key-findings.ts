import type { KeyFinding, ProjectTier } from '../domain/key-findings.js';
import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';

export interface StoredFinding {
  projectId: string;
  finding: KeyFinding;
  fingerprint: string;
  status: 'open' | 'deleted';
  deletedBy: string | null;
}

type Row = {
  project_id: string;
  finding: string;
  fingerprint: string;
  status: 'open' | 'deleted';
  deleted_by: string | null;
};

const stored = (row: Row): StoredFinding => ({
  projectId: row.project_id,
  finding: JSON.parse(row.finding) as KeyFinding,
  fingerprint: row.fingerprint,
  status: row.status,
  deletedBy: row.deleted_by,
});

/** Every stored finding, grouped by project: one query per run, not one per project. */
export async function allStoredFindings(db: Db): Promise<Map<string, StoredFinding[]>> {
  const rows = await db
    .selectFrom('key_findings')
    .select(['project_id', 'finding', 'fingerprint', 'status', 'deleted_by'])
    .execute();
  const byProject = new Map<string, StoredFinding[]>();
  for (const row of rows) {
    const list = byProject.get(row.project_id) ?? [];
    list.push(stored(row));
    byProject.set(row.project_id, list);
  }
  return byProject;
}

export async function storedFindingsOf(db: Db, projectId: string): Promise<StoredFinding[]> {
  const rows = await db
    .selectFrom('key_findings')
    .select(['project_id', 'finding', 'fingerprint', 'status', 'deleted_by'])
    .where('project_id', '=', projectId)
    .execute();
  return rows.map(stored);
}

/** What a run found in one project: findings to forget, findings told and where. */
export interface ProjectOutcome {
  projectId: string;
  /** Stored findings no longer found (the key is fine again, or gone): told anew should they return. */
  forget: string[];
  /** New or changed findings that reached someone; the others keep their old state, so the next run tells them. */
  told: KeyFinding[];
  /** Where they were told: these messages replace the project's earlier report copies. */
  sent: { channel: string; ts: string }[];
  line?: { name: string; tier: ProjectTier | undefined; newFindings: number; reachedOwners: number };
}

/** Rows per insert: PostgreSQL takes at most 65 535 parameters in one statement. */
const ROWS_PER_INSERT = 500;

/** A run's changes, in one transaction. */
export async function saveRunFindings(db: Db, outcomes: readonly ProjectOutcome[], at: Date): Promise<void> {
  if (outcomes.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const o of outcomes) {
      if (o.forget.length > 0) {
        await trx
          .deleteFrom('key_findings')
          .where('project_id', '=', o.projectId)
          .where('key_id', 'in', o.forget)
          .execute();
      }
    }
    const rows = outcomes.flatMap((o) =>
      o.told.map((f) => ({
        project_id: o.projectId,
        key_id: f.key.id,
        fingerprint: f.fingerprint,
        finding: JSON.stringify(f),
        status: 'open' as const,
        reported_at: at.toISOString(),
        deleted_by: null,
        deleted_at: null,
      })),
    );
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('key_findings')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflict((oc) =>
          oc.columns(['project_id', 'key_id']).doUpdateSet((eb) => ({
            fingerprint: eb.ref('excluded.fingerprint'),
            finding: eb.ref('excluded.finding'),
            status: eb.ref('excluded.status'),
            reported_at: eb.ref('excluded.reported_at'),
            deleted_by: null,
            deleted_at: null,
          })),
        )
        .execute();
    }
    const told = outcomes.filter((o) => o.told.length > 0);
    for (let i = 0; i < told.length; i += ROWS_PER_INSERT) {
      await trx
        .deleteFrom('key_report_messages')
        .where(
          'project_id',
          'in',
          told.slice(i, i + ROWS_PER_INSERT).map((o) => o.projectId),
        )
        .execute();
    }
    const messages = told.flatMap((o) =>
      o.sent.map((m) => ({
        project_id: o.projectId,
        channel: m.channel,
        ts: m.ts,
        key_ids: JSON.stringify(o.told.map((f) => f.key.id)),
        sent_at: at.toISOString(),
      })),
    );
    for (let i = 0; i < messages.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('key_report_messages')
        .values(messages.slice(i, i + ROWS_PER_INSERT))
        .onConflict((oc) => oc.columns(['channel', 'ts']).doNothing())
        .execute();
    }
  });
}

/** Open findings in all projects: the "still open" of the admins' summary. */
export async function openFindingCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('key_findings')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * A key deleted through the bot: its finding is marked deleted and the audit trail records who
 * deleted it, in one transaction. `outcome` says whether OpenAI still had it.
 */
export async function recordKeyDeleted(
  db: Db,
  input: {
    projectId: string;
    keyId: string;
    by: string;
    at: Date;
    outcome: 'deleted' | 'already_gone';
    key: { name: string; redactedValue: string; owner: string } | undefined;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('key_findings')
      .set({ status: 'deleted', deleted_by: input.by, deleted_at: input.at.toISOString() })
      .where('project_id', '=', input.projectId)
      .where('key_id', '=', input.keyId)
      .execute();
    await recordAudit(trx, {
      at: input.at,
      actor: input.by,
      action: 'key.deleted',
      subjectType: 'project',
      subjectId: input.projectId,
      before: input.key ? { key_id: input.keyId, ...input.key } : { key_id: input.keyId },
      details: { key_id: input.keyId, outcome: input.outcome },
    });
  });
}

export async function reportMessagesOf(
  db: Db,
  projectId: string,
): Promise<{ channel: string; ts: string; keyIds: string[] }[]> {
  const rows = await db
    .selectFrom('key_report_messages')
    .select(['channel', 'ts', 'key_ids'])
    .where('project_id', '=', projectId)
    .execute();
  return rows.map((r) => ({ channel: r.channel, ts: r.ts, keyIds: JSON.parse(r.key_ids) as string[] }));
}
