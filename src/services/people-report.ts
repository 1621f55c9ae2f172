import type { Db } from '../db/database.js';
import { lastRunOf } from '../db/job-runs.js';
import type { SlackAccountCheck } from '../db/schema.js';
import { orgUsersWithoutSlack } from '../db/slack-account-checks.js';

/** The job-run name under which the daily check of Slack accounts records its last full run. */
export const SLACK_ACCOUNT_CHECK = 'slack-account-check';

export interface OrgUserWithoutSlack {
  email: string | null;
  name: string | null;
  orgRole: string | null;
  projects: { name: string; role: string }[];
  lastKeyUseAt: string | null;
}

export type PeopleAnswer =
  | { kind: 'refused'; botAdmins: readonly string[] }
  | { kind: 'not_checked_yet' }
  | { kind: 'people'; checkedAt: string; withoutSlack: OrgUserWithoutSlack[] };

/**
 * `/access people`: org users with no Slack account at all, as the daily check last found them
 * (listing Slack's members takes minutes in a big workspace, too slow for a command). Admins only;
 * nobody is nagged about them.
 */
export class PeopleReport {
  constructor(private readonly deps: { db: Db; botAdmins: readonly string[] }) {}

  async answer(clickerSlackId: string): Promise<PeopleAnswer> {
    const { db, botAdmins } = this.deps;
    if (!botAdmins.includes(clickerSlackId)) return { kind: 'refused', botAdmins };
    const last = await lastRunOf(db, SLACK_ACCOUNT_CHECK);
    if (!last) return { kind: 'not_checked_yet' };
    const rows = await orgUsersWithoutSlack(db);
    return { kind: 'people', checkedAt: last.toISOString(), withoutSlack: rows.map(toLine) };
  }
}

function toLine(row: SlackAccountCheck): OrgUserWithoutSlack {
  return {
    email: row.email,
    name: row.name,
    orgRole: row.org_role,
    projects: JSON.parse(row.projects) as { name: string; role: string }[],
    lastKeyUseAt: row.last_key_use_at,
  };
}
