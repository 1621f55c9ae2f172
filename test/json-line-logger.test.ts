import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { JsonLineLogger, type LogLevelName } from '../src/json-line-logger.js';

function recording<Level extends LogLevelName = LogLevelName>(level: NoInfer<Level>, secrets: string[] = []) {
  const lines: string[] = [];
  const logger = new JsonLineLogger<Level>({ level, secrets, write: (line) => lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line)) };
}

describe('JsonLineLogger', () => {
  it('should write one JSON object per line at or above its level', () => {
    const { logger, lines, parsed } = recording('info');
    logger.debug('hidden');
    logger.info('hello', { n: 1 });
    logger.error(new Error('boom'));
    expect(lines).toHaveLength(2);
    const [info, error] = parsed();
    expect(info).toMatchObject({ level: 'info', name: 'access-bot', msg: 'hello {"n":1}' });
    expect(error.level).toBe('error');
    expect(error.msg).toContain('Error: boom');
  });

  it('should keep a multi-line message on one line', () => {
    const { logger, lines, parsed } = recording('info');
    logger.warn('first\nsecond');
    expect(lines).toHaveLength(1);
    expect(parsed()[0].msg).toBe('first\nsecond');
  });

  it('should scrub configured secrets and key-shaped text from every line', () => {
    const { logger, lines } = recording('debug', ['signing-secret-1']);
    logger.info('sig signing-secret-1, key sk-admin-AbC123xyz');
    expect(lines[0]).not.toContain('signing-secret-1');
    expect(lines[0]).not.toContain('sk-admin-AbC123xyz');
  });

  it('should change level and name when told, as Bolt and the Slack clients do', () => {
    const { logger, parsed } = recording('info');
    logger.setLevel('error');
    logger.setName('web-api:WebClient:0');
    logger.warn('dropped');
    logger.error('kept');
    expect(logger.getLevel()).toBe('error');
    expect(parsed()).toEqual([expect.objectContaining({ name: 'web-api:WebClient:0', msg: 'kept' })]);
  });

  it("should be Bolt's logger when built with Bolt's LogLevel, and take the App's level", () => {
    const { logger } = recording<LogLevel>(LogLevel.INFO);
    // Compiles only while JsonLineLogger<LogLevel> fits Bolt's Logger interface.
    const boltLogger: BoltLogger = logger;
    const app = new App({
      token: 'xoxb-test-token',
      signingSecret: 'test-signing-secret',
      tokenVerificationEnabled: false,
      logger: boltLogger,
      logLevel: LogLevel.WARN,
    });
    expect(app.logger).toBe(logger);
    expect(logger.getLevel()).toBe(LogLevel.WARN);
  });
});
