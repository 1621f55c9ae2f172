import type { Db } from './database.js';
import type { AccessRequest, AuditEvent } from './schema.js';

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

/** Every project anyone asked access to, as the requests named it: what the audit trail can be filtered by. */
export async function requestedProjects(db: Db): Promise<{ project_id: string; project_name: string }[]> {
  const requested = await db
    .selectFrom('access_requests')
    .select(['project_id', 'project_name'])
    .distinct()
    .execute();
  // Projects changed without a request (a tier set, a key deleted), named as last listed.
  const changed = await db
    .selectFrom('audit_events')
    .innerJoin('known_projects', 'known_projects.project_id', 'audit_events.subject_id')
    .where('audit_events.subject_type', '=', 'project')
    .select(['known_projects.project_id as project_id', 'known_projects.name as project_name'])
    .distinct()
    .execute();
  const seen = new Set(requested.map((p) => p.project_id));
  return [...requested, ...changed.filter((p) => !seen.has(p.project_id))];
}
