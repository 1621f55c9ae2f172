import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The one-way shape (README, "How it is built"), kept by a test rather than by memory: services
 * and what they stand on know no Slack, and only the notifier sends anything to Slack.
 */
const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('the one-way shape', () => {
  const slackFree = ['src/services', 'src/jobs', 'src/domain', 'src/db', 'src/openai'].flatMap(sourceFiles);

  it('should find the layers it checks', () => {
    expect(slackFree.length).toBeGreaterThan(40);
    expect(slackFree).toContain('src/services/notifier.ts');
  });

  it('should keep Slack out of services, jobs, domain, db and openai', () => {
    const offenders = slackFree.filter((file) =>
      /from ['"](?:(?:\.\.\/)+slack\/|@slack\/(?:bolt|types|web-api))/.test(read(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('should build no Block Kit outside src/slack/', () => {
    const offenders = slackFree.filter((file) =>
      /type: ['"](?:section|actions|context|modal|mrkdwn)['"]/.test(read(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('should send to Slack only from the notifier', () => {
    // chat.*, views.publish, files.* and conversations.open; listeners may open and update modals.
    const sending =
      /\b(?:chat\.[a-zA-Z]+|views\.publish|files\.[a-zA-Z]+|filesUploadV2|conversations\.open)\s*\(/;
    const offenders = sourceFiles('src').filter(
      (file) => !file.startsWith('src/slack/notifier/') && sending.test(read(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('should notice a file that sends from elsewhere', () => {
    const sending =
      /\b(?:chat\.[a-zA-Z]+|views\.publish|files\.[a-zA-Z]+|filesUploadV2|conversations\.open)\s*\(/;
    expect(sending.test('await client.chat.postMessage({ channel })')).toBe(true);
    expect(sending.test('await client.views.open({ trigger_id })')).toBe(false);
  });

  it('should keep every Kysely query in src/db/', () => {
    const query = /\.(?:selectFrom|insertInto|updateTable|deleteFrom)\(/;
    const offenders = sourceFiles('src').filter(
      (file) => !file.startsWith('src/db/') && query.test(read(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('should keep each source file short enough to hold in one head', () => {
    const long = sourceFiles('src')
      .map((file) => ({ file, lines: read(file).split('\n').length }))
      .filter(({ lines }) => lines > 310);
    expect(long).toEqual([]);
  });
});
