import type { Db } from '../db/database.js';
import type { AccessRequest, AuditEvent } from '../db/schema.js';
import { closestNames } from '../domain/closest-names.js';
import { describeAuditEvent } from '../slack/blocks/audit.js';

export interface AuditFilter {
  projectId?: string;
  personSlackId?: string;
  from?: string;
  to?: string;
}

export interface AuditRow {
  event: AuditEvent;
  request: AccessRequest | undefined;
}

/** Reads the append-only audit trail, newest first, with the request each event is about. */
export async function readAudit(db: Db, filter: AuditFilter, limit?: number): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('access_requests', (join) =>
      join
        .onRef('access_requests.id', '=', 'audit_events.subject_id')
        .on('audit_events.subject_type', '=', 'access_request'),
    )
    .selectAll('audit_events')
    .select(['access_requests.requester_slack_id as r_requester', 'access_requests.project_id as r_project'])
    .orderBy('audit_events.occurred_at', 'desc')
    .orderBy('audit_events.id', 'desc');
  if (filter.projectId) {
    const project = filter.projectId;
    // Events about the project's requests, and about the project itself (budgets, hard limits).
    query = query.where((eb) =>
      eb.or([
        eb('access_requests.project_id', '=', project),
        eb.and([
          eb('audit_events.subject_type', '=', 'project'),
          eb('audit_events.subject_id', '=', project),
        ]),
      ]),
    );
  }
  if (filter.personSlackId) {
    const person = filter.personSlackId;
    query = query.where((eb) =>
      eb.or([eb('audit_events.actor', '=', person), eb('access_requests.requester_slack_id', '=', person)]),
    );
  }
  if (filter.from) query = query.where('audit_events.occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('audit_events.occurred_at', '<', filter.to);
  if (limit) query = query.limit(limit);
  const rows = await query.execute();
  const requestIds = [...new Set(rows.filter((r) => r.r_project).map((r) => r.subject_id))];
  const requests = requestIds.length
    ? await db.selectFrom('access_requests').selectAll().where('id', 'in', requestIds).execute()
    : [];
  const byId = new Map(requests.map((r) => [r.id, r]));
  return rows.map(({ r_requester: _r, r_project: _p, ...event }) => ({
    event,
    request: event.subject_type === 'access_request' ? byId.get(event.subject_id) : undefined,
  }));
}

/** CSV columns of the audit export: every stored field, plus what the event was about. */
export function auditCsvRows(rows: readonly AuditRow[]): (string | null)[][] {
  return [
    [
      'occurred_at',
      'actor',
      'action',
      'subject_type',
      'subject_id',
      'project_id',
      'project_name',
      'requester',
      'before',
      'after',
      'details',
    ],
    ...rows.map(({ event, request }) => [
      event.occurred_at,
      event.actor,
      event.action,
      event.subject_type,
      event.subject_id,
      request?.project_id ?? null,
      request?.project_name ?? null,
      request?.requester_email ?? null,
      event.before_state,
      event.after_state,
      event.details,
    ]),
  ];
}

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/**
 * `/access audit [project | @person]`: the last 20 events, readable, for bot admins. The
 * target is a Slack mention (Slack escapes it as <@U…|name>) or a project name or id.
 */
export async function auditAnswer(
  db: Db,
  input: { clickerSlackId: string; botAdmins: readonly string[]; target: string | undefined },
): Promise<string> {
  if (!input.botAdmins.includes(input.clickerSlackId)) return 'Only bot admins can read the audit trail.';
  const target = input.target?.trim();
  const filter: AuditFilter = {};
  let heading = 'Last 20 events';
  if (target) {
    const person = MENTION.exec(target)?.[1];
    if (person) {
      filter.personSlackId = person;
      heading = `Last 20 events by or for <@${person}>`;
    } else {
      const projects = await db
        .selectFrom('access_requests')
        .select(['project_id', 'project_name'])
        .distinct()
        .execute();
      const wanted = target.toLowerCase();
      const project = projects.find(
        (p) => p.project_id.toLowerCase() === wanted || p.project_name.toLowerCase() === wanted,
      );
      if (!project) {
        const near = closestNames(
          target,
          projects.map((p) => p.project_name),
        );
        return `No project “${target}” in the audit trail.${near.length ? ` Did you mean ${near.map((n) => `*${n}*`).join(', ')}?` : ''}`;
      }
      filter.projectId = project.project_id;
      heading = `Last 20 events of *${project.project_name}*`;
    }
  }
  const rows = await readAudit(db, filter, 20);
  if (rows.length === 0) return `${heading}: none yet.`;
  return `${heading}, newest first:\n${rows.map((row) => `• ${describeAuditEvent(row.event, row.request)}`).join('\n')}`;
}
