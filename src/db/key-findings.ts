import type { KeyFinding } from '../domain/key-findings.js';
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

/**
 * The project's findings as they are now: findings no longer found (the key is fine again, or
 * gone) are forgotten, so they are told anew should they return; `told` ones are stored with
 * their fingerprint (a finding that is new or changed but was not told keeps its old state, so
 * the next run tells it). One transaction per project.
 */
export async function saveProjectFindings(
  db: Db,
  input: { projectId: string; current: readonly KeyFinding[]; told: readonly KeyFinding[]; at: Date },
): Promise<void> {
  const { projectId, current, told, at } = input;
  await db.transaction().execute(async (trx) => {
    const keep = current.map((f) => f.key.id);
    let forget = trx.deleteFrom('key_findings').where('project_id', '=', projectId);
    if (keep.length > 0) forget = forget.where('key_id', 'not in', keep);
    await forget.execute();
    if (told.length === 0) return;
    const rows = told.map((f) => ({
      project_id: projectId,
      key_id: f.key.id,
      fingerprint: f.fingerprint,
      finding: JSON.stringify(f),
      status: 'open' as const,
      reported_at: at.toISOString(),
      deleted_by: null,
      deleted_at: null,
    }));
    await trx
      .insertInto('key_findings')
      .values(rows)
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

/** The owners' DMs of the project's latest report replace the earlier ones (which stay as they were). */
export async function saveReportMessages(
  db: Db,
  projectId: string,
  messages: readonly { channel: string; ts: string }[],
  keyIds: readonly string[],
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('key_report_messages').where('project_id', '=', projectId).execute();
    if (messages.length === 0) return;
    await trx
      .insertInto('key_report_messages')
      .values(
        messages.map((m) => ({
          project_id: projectId,
          channel: m.channel,
          ts: m.ts,
          key_ids: JSON.stringify(keyIds),
          sent_at: at.toISOString(),
        })),
      )
      .execute();
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
