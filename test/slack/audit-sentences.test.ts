import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/db/schema.js';
import { auditAnswerText, describeAuditEvent } from '../../src/slack/blocks/audit.js';

const event = (action: string, after: unknown = null): AuditEvent => ({
  id: 'evt_1',
  occurred_at: '2026-11-23T10:00:00.000Z',
  actor: 'UADMIN',
  action,
  subject_type: 'project',
  subject_id: 'proj_alpha',
  before_state: null,
  after_state: after === null ? null : JSON.stringify(after),
  details: null,
});

describe('describeAuditEvent', () => {
  it('should say who changed which budget, to what', () => {
    expect(
      describeAuditEvent(
        event('budget.set', { amount_cents: 250_000, reset_day: 15, thresholds: [50] }),
        undefined,
      ),
    ).toBe(
      '<!date^1795428000^{date_short_pretty} at {time}|2026-11-23 10:00 UTC> · <@UADMIN> set the soft budget of project `proj_alpha`: $2500.00 a period, resets on day 15',
    );
    expect(describeAuditEvent(event('hard_limit.removed'), undefined)).toContain(
      "<@UADMIN> removed OpenAI's hard spend limit of project `proj_alpha`",
    );
  });

  it('should still say something readable about an action it has no sentence for', () => {
    expect(describeAuditEvent(event('project.renamed'), undefined)).toContain(
      '<@UADMIN> project renamed project `proj_alpha`',
    );
  });
});

describe('auditAnswerText', () => {
  it('should refuse anyone but a bot admin', () => {
    expect(auditAnswerText({ kind: 'refused' })).toBe('Only bot admins can read the audit trail.');
  });

  it('should name the closest projects when the typed one is not in the trail', () => {
    expect(auditAnswerText({ kind: 'unknown_project', typed: 'alpah', suggestions: ['Alpha'] })).toBe(
      'No project “alpah” in the audit trail. Did you mean *Alpha*?',
    );
    expect(auditAnswerText({ kind: 'unknown_project', typed: 'zzz', suggestions: [] })).toBe(
      'No project “zzz” in the audit trail.',
    );
  });

  it('should quote back only the escaped beginning of a long text', () => {
    const typed = `<!here> ${'y'.repeat(10_000)}`;
    expect(auditAnswerText({ kind: 'unknown_project', typed, suggestions: [] })).toBe(
      `No project “&lt;!here&gt; ${'y'.repeat(72)}…” in the audit trail.`,
    );
  });

  it('should head the events by what they are about, newest first', () => {
    const rows = [{ event: event('budget.removed'), request: undefined }];
    expect(auditAnswerText({ kind: 'events', about: { kind: 'project', projectName: 'Alpha' }, rows })).toBe(
      'Last 20 events of *Alpha*, newest first:\n• <!date^1795428000^{date_short_pretty} at {time}|2026-11-23 10:00 UTC> · <@UADMIN> removed the soft budget of project `proj_alpha`',
    );
    expect(auditAnswerText({ kind: 'events', about: { kind: 'person', slackId: 'UOLGA' }, rows: [] })).toBe(
      'Last 20 events by or for <@UOLGA>: none yet.',
    );
    expect(auditAnswerText({ kind: 'events', about: { kind: 'all' }, rows: [] })).toBe(
      'Last 20 events: none yet.',
    );
  });
});
