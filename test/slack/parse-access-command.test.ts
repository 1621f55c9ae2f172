import { describe, expect, it } from 'vitest';
import { parseAccessCommand } from '../../src/slack/commands/parse-access-command.js';

describe('parseAccessCommand', () => {
  it.each([
    ['', { kind: 'request', projectHint: undefined }],
    ['request', { kind: 'request', projectHint: undefined }],
    ['request Alpha', { kind: 'request', projectHint: 'Alpha' }],
    ['REQUEST  Deep   Learning Lab ', { kind: 'request', projectHint: 'Deep Learning Lab' }],
    ['help', { kind: 'help' }],
    ['frobnicate now', { kind: 'unknown', text: 'frobnicate now' }],
  ])('should read %j', (text, expected) => {
    expect(parseAccessCommand(text)).toEqual(expected);
  });
});
