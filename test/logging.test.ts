import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { JsonLineLogger, redact } from '../src/logging.js';

describe('redact', () => {
  it('should remove configured secrets and anything shaped like a key or token', () => {
    const line = redact(
      'key sk-admin-AbC123xyz, service sk-proj-Zz9_-x, bot xoxb-1234-5678-abc, app xapp-1-A1-22, authorization: Bearer abc.def, mine=hunter22secret',
      ['hunter22secret'],
    );
    expect(line).toBe(
      'key [redacted], service [redacted], bot [redacted], app [redacted], authorization: Bearer [redacted], mine=[redacted]',
    );
  });
});

describe('JsonLineLogger', () => {
  it('should write one JSON object per line at or above its level', () => {
    const lines: string[] = [];
    const logger = new JsonLineLogger({ level: LogLevel.INFO, secrets: [], write: (l) => lines.push(l) });
    logger.debug('hidden');
    logger.info('hello', { n: 1 });
    logger.error(new Error('boom'));
    expect(lines).toHaveLength(2);
    const [info, error] = lines.map((l) => JSON.parse(l));
    expect(info).toMatchObject({ level: 'info', name: 'access-bot', msg: 'hello {"n":1}' });
    expect(error.level).toBe('error');
    expect(error.msg).toContain('Error: boom');
  });
});
