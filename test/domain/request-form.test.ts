import { describe, expect, it } from 'vitest';
import { justificationProblem, validateRequestForm } from '../../src/domain/request-form.js';

const context = { requestableProjectIds: new Set(['proj_alpha']), today: new Date('2026-11-23T22:30:00Z') };
const good = {
  projectId: 'proj_alpha',
  role: 'member',
  justification: 'Running evaluation jobs for my thesis chapter.',
};

describe('validateRequestForm', () => {
  it('should accept a complete form and trim the justification', () => {
    const result = validateRequestForm({ ...good, justification: `  ${good.justification}  ` }, context);
    expect(result).toEqual({
      ok: true,
      value: { projectId: 'proj_alpha', role: 'member', justification: good.justification, endDate: null },
    });
  });

  it('should name every bad field at once', () => {
    const result = validateRequestForm(
      { projectId: undefined, role: 'admin', justification: 'pls' },
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['justification', 'project', 'role']);
  });

  it('should refuse a project that is not requestable (archived or Default)', () => {
    const result = validateRequestForm({ ...good, projectId: 'proj_default' }, context);
    expect(result).toMatchObject({
      ok: false,
      errors: { project: expect.stringContaining('cannot be requested') },
    });
  });

  it('should accept tomorrow as end date and refuse today and yesterday, in UTC', () => {
    expect(validateRequestForm({ ...good, endDate: '2026-11-24' }, context).ok).toBe(true);
    expect(validateRequestForm({ ...good, endDate: '2026-11-23' }, context)).toMatchObject({
      ok: false,
      errors: { endDate: 'Access ends at the start of this day (UTC), so pick tomorrow or later.' },
    });
    expect(validateRequestForm({ ...good, endDate: '2026-11-22' }, context)).toMatchObject({
      ok: false,
      errors: { endDate: 'The end date cannot be in the past.' },
    });
  });

  it('should refuse a malformed date', () => {
    expect(validateRequestForm({ ...good, endDate: '2026-02-30' }, context)).toMatchObject({
      ok: false,
      errors: { endDate: 'Pick a date.' },
    });
  });
});

describe('justificationProblem', () => {
  it.each(['', '   ', 'asdf', 'need it', '!!!! ???? ....'])(
    'should refuse %j as not a real sentence',
    (text) => {
      expect(justificationProblem(text)).toBeDefined();
    },
  );

  it('should accept a sentence in any script', () => {
    expect(justificationProblem('Für meine Masterarbeit brauche ich Zugang.')).toBeUndefined();
  });

  it('should refuse more than 2000 characters', () => {
    expect(justificationProblem(`${'word '.repeat(401)}`)).toContain('under 2000');
  });
});
