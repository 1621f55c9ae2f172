import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, loadConfig } from '../src/config.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('.env.example', () => {
  const text = read('.env.example');
  // Read as the bot reads a .env file (process.loadEnvFile).
  const example = parseEnv(text);

  it('should list every setting of ConfigSchema, and nothing else', () => {
    expect(Object.keys(example).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });

  it('should say something about each setting on the line above it', () => {
    const lines = text.split('\n');
    const uncommented = lines
      .map((line, i) => ({ line, above: lines[i - 1] ?? '' }))
      .filter(({ line }) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .filter(({ above }) => !/^# \S/.test(above))
      .map(({ line }) => line);
    expect(uncommented).toEqual([]);
  });

  it('should change no default when copied to .env as it is', () => {
    const required = {
      SLACK_BOT_TOKEN: 'xoxb-x',
      SLACK_SIGNING_SECRET: 's',
      OPENAI_ADMIN_KEY: 'sk-admin-x-y-z-0123456',
    };
    expect(loadConfig({ ...example, ...required })).toEqual(loadConfig(required));
  });
});

describe('.gitignore', () => {
  const ignored = read('.gitignore').split('\n');

  it("should keep SQLite's files and the default data folder out of git", () => {
    expect(ignored).toEqual(
      expect.arrayContaining([
        'data/',
        '.env',
        '*.sqlite',
        '*.sqlite-wal',
        '*.sqlite-shm',
        '*.db',
        '*.db-wal',
        '*.db-shm',
      ]),
    );
  });
});
