import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportAudit } from '../../src/cli/export-audit.js';
import { approve, submitRequest } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;

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

    const csv = await exportAudit(['--from', '2026-11-23', '--to', '2026-11-24'], {
      DATABASE_URL: h.config.DATABASE_URL,
    });
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

    const outside = await exportAudit(['--from', '2026-11-24', '--to', '2026-11-25'], {
      DATABASE_URL: h.config.DATABASE_URL,
    });
    expect(outside.trimEnd().split('\r\n')).toHaveLength(1);
  });

  it('should refuse a malformed or reversed range with the usage', async () => {
    await expect(exportAudit(['--from', '2026-11-31', '--to', '2026-12-01'], {})).rejects.toThrow(
      '--from must be a date like 2026-11-01.',
    );
    await expect(exportAudit(['--from', '2026-12-01', '--to', '2026-11-01'], {})).rejects.toThrow(
      '--to (2026-11-01) must be after --from (2026-12-01)',
    );
  });
});
