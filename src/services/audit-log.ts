import { type AuditFilter, type AuditRow, readAudit, requestedProjects } from '../db/audit-queries.js';
import type { Db } from '../db/database.js';
import { closestNames } from '../domain/closest-names.js';

/** How many events `/access audit` shows. */
export const AUDIT_ANSWER_EVENTS = 20;

/** What `/access audit [project | @person]` found, for the listener to render. */
export type AuditAnswer =
  | { kind: 'refused' }
  | { kind: 'unknown_project'; typed: string; suggestions: readonly string[] }
  | { kind: 'events'; about: AuditSubject; rows: readonly AuditRow[] };

export type AuditSubject =
  | { kind: 'all' }
  | { kind: 'person'; slackId: string }
  | { kind: 'project'; projectName: string };

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/**
 * `/access audit [project | @person]`: the last events, for bot admins. The target is a Slack
 * mention (Slack escapes it as <@U…|name>) or a project name or id.
 */
export async function auditAnswer(
  db: Db,
  input: { clickerSlackId: string; botAdmins: readonly string[]; target: string | undefined },
): Promise<AuditAnswer> {
  if (!input.botAdmins.includes(input.clickerSlackId)) return { kind: 'refused' };
  const target = input.target?.trim();
  const filter: AuditFilter = {};
  let about: AuditSubject = { kind: 'all' };
  if (target) {
    const person = MENTION.exec(target)?.[1];
    if (person) {
      filter.personSlackId = person;
      about = { kind: 'person', slackId: person };
    } else {
      const projects = await requestedProjects(db);
      const wanted = target.toLowerCase();
      const project = projects.find(
        (p) => p.project_id.toLowerCase() === wanted || p.project_name.toLowerCase() === wanted,
      );
      if (!project) {
        const suggestions = closestNames(
          target,
          projects.map((p) => p.project_name),
        );
        return { kind: 'unknown_project', typed: target, suggestions };
      }
      filter.projectId = project.project_id;
      about = { kind: 'project', projectName: project.project_name };
    }
  }
  return { kind: 'events', about, rows: await readAudit(db, filter, AUDIT_ANSWER_EVENTS) };
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
      request?.project_id ?? (event.subject_type === 'project' ? event.subject_id : null),
      request?.project_name ?? null,
      request?.requester_email ?? null,
      event.before_state,
      event.after_state,
      event.details,
    ]),
  ];
}
