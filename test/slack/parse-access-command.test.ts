import { describe, expect, it } from 'vitest';
import { parseAccessCommand } from '../../src/slack/commands/parse-access-command.js';

describe('parseAccessCommand', () => {
  it.each([
    ['', { kind: 'request', projectHint: undefined }],
    ['request', { kind: 'request', projectHint: undefined }],
    ['request Alpha', { kind: 'request', projectHint: 'Alpha' }],
    ['REQUEST  Deep   Learning Lab ', { kind: 'request', projectHint: 'Deep Learning Lab' }],
    ['help', { kind: 'help' }],
    ['service-account', { kind: 'service-account', projectHint: undefined }],
    ['service-account Deep Learning Lab', { kind: 'service-account', projectHint: 'Deep Learning Lab' }],
    ['Service-Accounts Alpha', { kind: 'service-accounts', project: 'Alpha' }],
    ['service-accounts', { kind: 'service-accounts', project: undefined }],
    ['people', { kind: 'people' }],
    ['People', { kind: 'people' }],
    ['frobnicate now', { kind: 'unknown', text: 'frobnicate now' }],
    ['budget', { kind: 'budget', project: undefined }],
    ['Budget  Deep Learning Lab', { kind: 'budget', project: 'Deep Learning Lab' }],
    ['budget set Alpha', { kind: 'budget-set', project: 'Alpha' }],
    ['budget set', { kind: 'budget-set', project: undefined }],
    ['budget export', { kind: 'budget-export', from: undefined, to: undefined, projects: [] }],
    [
      'budget export 2026-09-01 2026-11-30 Alpha, Deep Learning Lab',
      {
        kind: 'budget-export',
        from: '2026-09-01',
        to: '2026-11-30',
        projects: ['Alpha', 'Deep Learning Lab'],
      },
    ],
    ['budget export 2026-09-01', { kind: 'budget-export', from: '2026-09-01', to: undefined, projects: [] }],
    [
      'budget export Alpha 2026-09-01',
      { kind: 'budget-export', from: undefined, to: undefined, projects: ['Alpha 2026-09-01'] },
    ],
    ['keys', { kind: 'keys', project: undefined }],
    ['keys Deep Learning Lab', { kind: 'keys', project: 'Deep Learning Lab' }],
    [
      'project Deep Learning Lab tier Production',
      { kind: 'project', project: 'Deep Learning Lab', tier: 'Production' },
    ],
    ['project Alpha', { kind: 'project', project: 'Alpha', tier: undefined }],
    ['project Alpha tier', { kind: 'project', project: 'Alpha', tier: '' }],
    ['project tier production', { kind: 'project', project: undefined, tier: 'production' }],
  ])('should read %j', (text, expected) => {
    expect(parseAccessCommand(text)).toEqual(expected);
  });
});
