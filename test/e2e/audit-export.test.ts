import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExportAudit } from '../../src/cli/export-audit.js';
import { approve, submitRequest } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
let out: string[];
let err: string[];
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };

/** Runs the tool as `npm run export:audit` would, on the harness's database; answers the CSV. */
async function exportAudit(argv: string[]): Promise<string> {
  out = [];
  err = [];
  const code = await runExportAudit(argv, { DATABASE_URL: h.config.DATABASE_URL }, io, { clock: h.clock });
  expect(code, err.join('')).toBe(0);
  return out.join('');
}

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN' } });
});

afterEach(async () => {
  await h.close();
});

describe('npm run export:audit', () => {
  it('should write every event in the range as CSV, oldest first, with the project and requester', async () => {
    const owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
    const rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
    const project = h.openai.state.addProject({ name: 'Alpha, Inc' });
    h.openai.state.addProjectUser(project.id, owner.orgUserId as string, 'owner');
    const id = await submitRequest(h, rita, { projectId: project.id, projectName: 'Alpha, Inc' });
    await approve(h, owner, id);

    // --to is inclusive: one day is --from and --to the same day.
    const csv = await exportAudit(['--from', '2026-11-23', '--to', '2026-11-23']);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'occurred_at,actor,action,subject_type,subject_id,project_id,project_name,requester,before,after,details',
    );
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual([
      'request.submitted',
      'request.approved',
      'request.applied',
    ]);
    expect(lines[1]).toContain(`${id},${project.id},"Alpha, Inc",rita.researcher@uni.example`);

    expect(err.join('')).toBe('3 audit events from 2026-11-23 to 2026-11-23.\n');

    const before = await exportAudit(['--from', '2026-11-01', '--to', '2026-11-22']);
    expect(before.trimEnd().split('\r\n')).toHaveLength(1);
    expect(err.join('')).toBe(
      'No audit events from 2026-11-01 to 2026-11-22; the CSV has only its header.\n',
    );
  });

  it('should refuse a malformed or reversed range with the usage', async () => {
    out = [];
    err = [];
    expect(await runExportAudit(['--from', '2026-11-31', '--to', '2026-12-01'], {}, io)).toBe(2);
    expect(err.join('')).toContain(
      '“2026-11-31” is not a date; write YYYY-MM-DD, e.g. 2026-11-01.\n\nUsage:',
    );
    expect(await runExportAudit(['--from', '2026-12-01', '--to', '2026-11-01'], {}, io)).toBe(2);
    expect(err.join('')).toContain('The range ends (2026-11-01) before it starts (2026-12-01).');
    expect(out).toEqual([]);
  });
});
