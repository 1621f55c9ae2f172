import type { Kysely } from 'kysely';
import { newId } from './ids.js';
import type { AuditEvent, Database } from './schema.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

let sequence = 0;

/**
 * Audit ids sort in the order events were written, also within one millisecond (and when a
 * test's clock stands still): wall-clock time, then a per-process sequence, then randomness
 * so two processes never collide.
 */
function sortableEventId(): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `${Date.now().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${newId('', 4).slice(1)}`;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: `evt_${sortableEventId()}`,
      occurred_at: entry.at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      before_state: json(entry.before),
      after_state: json(entry.after),
      details: json(entry.details),
    })
    .execute();
}

export async function auditTrailOf(
  db: Kysely<Database>,
  subjectType: string,
  subjectId: string,
): Promise<AuditEvent[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

/**
 * A change of a project's limits by a person: `before` absent for a first budget, `after` absent
 * for a removal (recorded as absent, not as "null").
 */
export async function recordProjectChange(
  db: Kysely<Database>,
  change: { at: Date; actor: string; action: string; projectId: string; before: unknown; after: unknown },
): Promise<void> {
  await recordAudit(db, {
    at: change.at,
    actor: change.actor,
    action: change.action,
    subjectType: 'project',
    subjectId: change.projectId,
    before: change.before ?? undefined,
    after: change.after ?? undefined,
  });
}
