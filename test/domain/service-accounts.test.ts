import { describe, expect, it } from 'vitest';
import {
  dueEndStep,
  serviceAccountNameProblem,
  showKeyWindowOpen,
  validateServiceAccountForm,
} from '../../src/domain/service-accounts.js';

const at = (iso: string) => new Date(iso);

describe('dueEndStep', () => {
  it('should warn 7 days and 1 day before, once each, then remove on the day', () => {
    expect(dueEndStep('2026-12-10', null, at('2026-12-02T12:00:00Z'))).toBeUndefined();
    expect(dueEndStep('2026-12-10', null, at('2026-12-03T00:00:00Z'))).toEqual({ kind: 'warn', days: 7 });
    expect(dueEndStep('2026-12-10', 7, at('2026-12-05T00:00:00Z'))).toBeUndefined();
    expect(dueEndStep('2026-12-10', 7, at('2026-12-09T23:59:00Z'))).toEqual({ kind: 'warn', days: 1 });
    expect(dueEndStep('2026-12-10', 1, at('2026-12-09T23:59:00Z'))).toBeUndefined();
    expect(dueEndStep('2026-12-10', 1, at('2026-12-10T00:00:00Z'))).toEqual({ kind: 'remove' });
  });

  it('should send only the later warning when the earlier one was missed', () => {
    expect(dueEndStep('2026-12-10', null, at('2026-12-09T08:00:00Z'))).toEqual({ kind: 'warn', days: 1 });
    expect(dueEndStep('2026-12-10', null, at('2026-12-12T08:00:00Z'))).toEqual({ kind: 'remove' });
  });
});

describe('the Show key window', () => {
  it('should stay open for 24 hours', () => {
    const ready = at('2026-12-01T10:00:00Z');
    expect(showKeyWindowOpen(ready, at('2026-12-02T09:59:59Z'))).toBe(true);
    expect(showKeyWindowOpen(ready, at('2026-12-02T10:00:00Z'))).toBe(false);
  });
});

describe('the service-account form', () => {
  const context = {
    requestableProjectIds: new Set(['p1']),
    takenNames: ['ci'],
    today: at('2026-12-01T10:00:00Z'),
  };

  it('should accept a good form and trim it', () => {
    const result = validateServiceAccountForm(
      {
        projectId: 'p1',
        name: ' grading-prod ',
        purpose: 'Runs the nightly grading jobs in production.',
        endDate: '2026-12-02',
      },
      context,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        projectId: 'p1',
        name: 'grading-prod',
        purpose: 'Runs the nightly grading jobs in production.',
        endDate: '2026-12-02',
      },
    });
  });

  it('should name each problem on its field', () => {
    const result = validateServiceAccountForm(
      { projectId: 'p2', name: 'CI', purpose: 'x', endDate: '2026-12-01' },
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['endDate', 'name', 'project', 'purpose']);
  });

  it('should refuse names that do not read well in OpenAI or Slack', () => {
    expect(serviceAccountNameProblem('', [])).toBeDefined();
    expect(serviceAccountNameProblem('<!channel>', [])).toBeDefined();
    expect(serviceAccountNameProblem('x'.repeat(65), [])).toBeDefined();
    expect(serviceAccountNameProblem('etl_v2.prod', [])).toBeUndefined();
  });
});
