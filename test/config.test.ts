import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  OPENAI_ADMIN_KEY: 'sk-admin-test-key-0123456789',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('should apply the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      SLACK_API_URL: 'https://slack.com/api/',
      OPENAI_BASE_URL: 'https://api.openai.com/v1',
      DATABASE_URL: 'sqlite:./data/access-bot.sqlite',
      PORT: 3000,
      ACCESS_ADMINS: [],
      SWEEP_INTERVAL_SECONDS: 300,
      ACCEPT_POLL_SECONDS: 30,
      BUDGET_SWEEP_SECONDS: 3600,
      STALL_AFTER_HOURS: 48,
      REMIND_AFTER_HOURS: 24,
      ESCALATE_AFTER_HOURS: 72,
      REQUEST_TTL_DAYS: 7,
      ALLOW_SELF_APPROVAL: false,
    });
  });

  it('should name every missing setting in one message', () => {
    expect(() => loadConfig({})).toThrowError(
      /3 settings are missing or invalid:\n {2}- SLACK_BOT_TOKEN is required.*\n {2}- OPENAI_ADMIN_KEY is required.*\n {2}- SLACK_SIGNING_SECRET is required/,
    );
  });

  it('should name every malformed setting together with the missing ones', () => {
    const problems = problemsOf({
      ...minimal,
      OPENAI_ADMIN_KEY: '',
      PORT: 'eighty',
      ACCESS_ADMINS: 'U012ABC,bob',
      ADMIN_CHANNEL: '#admins',
      SWEEP_INTERVAL_SECONDS: '-5',
      OPENAI_BASE_URL: 'not a url',
    });
    expect(problems).toEqual([
      'OPENAI_ADMIN_KEY is required: an organization admin key (sk-admin-…); an organization owner creates one ' +
        "in OpenAI's platform: Settings → Organization → Admin keys (https://platform.openai.com/settings/organization/admin-keys)",
      'OPENAI_BASE_URL must be a URL such as https://api.openai.com/v1',
      'PORT must be a port number from 1 to 65535',
      'ACCESS_ADMINS must be Slack user ids separated by commas, e.g. U012ABCDEF,U034GHIJKL',
      'ADMIN_CHANNEL must be a Slack channel id such as C012ABCDEF',
      'SWEEP_INTERVAL_SECONDS must be greater than 0',
    ]);
  });

  it('should name the port range, and refuse 0 (a random port is no address for Slack)', () => {
    for (const port of ['0', '65536', '-1', '80.5']) {
      expect(problemsOf({ ...minimal, PORT: port })).toEqual(['PORT must be a port number from 1 to 65535']);
    }
    expect(loadConfig({ ...minimal, PORT: '1' }).PORT).toBe(1);
    expect(loadConfig({ ...minimal, PORT: '65535' }).PORT).toBe(65535);
  });

  it('should name the log levels it knows', () => {
    expect(problemsOf({ ...minimal, LOG_LEVEL: 'verbose' })).toEqual([
      'LOG_LEVEL must be one of debug, info, warn, error',
    ]);
  });

  it('should say that an admin key is needed and where to create one, for a project or user key', () => {
    // Shaped like keys, broken by dashes so nothing here looks like a real secret.
    for (const key of ['sk-proj-abc-def-ghi-jkl-mno', 'sk-abc-def-ghi-jkl-mno-pqr', 'sess-abc-def-ghi-jkl']) {
      expect(problemsOf({ ...minimal, OPENAI_ADMIN_KEY: key })).toEqual([
        'OPENAI_ADMIN_KEY must be an organization admin key (sk-admin-…), not a project or user key; ' +
          "an organization owner creates one in OpenAI's platform: Settings → Organization → Admin keys " +
          '(https://platform.openai.com/settings/organization/admin-keys)',
      ]);
    }
  });

  it('should not need a signing secret in Socket Mode', () => {
    const { SLACK_SIGNING_SECRET: _unused, ...socket } = minimal;
    expect(loadConfig({ ...socket, SLACK_APP_TOKEN: 'xapp-1-abc' }).SLACK_APP_TOKEN).toBe('xapp-1-abc');
  });

  it('should parse the admins list and flags', () => {
    const config = loadConfig({
      ...minimal,
      ACCESS_ADMINS: ' U012ABC , W034DEF ',
      ALLOW_SELF_APPROVAL: 'true',
    });
    expect(config.ACCESS_ADMINS).toEqual(['U012ABC', 'W034DEF']);
    expect(config.ALLOW_SELF_APPROVAL).toBe(true);
  });

  it('should accept PostgreSQL URLs for several replicas, and SQLite paths', () => {
    for (const url of [
      'postgres://bot:pw@db.internal:5432/access_bot',
      'postgresql://bot@127.0.0.1/access_bot?sslmode=require',
      'postgres://bot@/access_bot?host=/run/postgresql',
      'sqlite:./data/bot.sqlite',
      'file:///var/lib/access-bot/bot.sqlite',
      './data/bot.sqlite',
    ]) {
      expect(loadConfig({ ...minimal, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('should refuse another database URL naming DATABASE_URL, without echoing its password', () => {
    for (const url of [
      'mysql://bot:hunter2secret@db/x',
      'postgres://bot:hunter2secret@/x',
      'sqlite://./data/bot.sqlite',
      'file:data/bot.sqlite',
    ]) {
      const problems = problemsOf({ ...minimal, DATABASE_URL: url });
      expect(problems).toEqual([
        'DATABASE_URL must be sqlite:<path> (e.g. sqlite:./data/access-bot.sqlite), a file: URL with an absolute path ' +
          '(file:///var/lib/access-bot/bot.sqlite), a plain file path, or postgres://user:password@host:port/database',
      ]);
      expect(problems.join()).not.toContain('hunter2secret');
    }
  });

  it('should never echo a secret value in its message', () => {
    const error = (() => {
      try {
        loadConfig({ ...minimal, SLACK_BOT_TOKEN: 'xoxp-user-token-value', OPENAI_ADMIN_KEY: 'short' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).not.toContain('xoxp-user-token-value');
    expect(error?.message).not.toContain('short"');
  });
});
