import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { helpText } from '../src/slack/blocks/help.js';

/**
 * Issue 15, points 2 and 6: the deployment files' basic facts, so they cannot rot unseen. No
 * container engine runs here: the image's build steps are proven by test/release/ (deploy/release.sh),
 * these files only by reading them.
 */
const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const startScript =
  (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start ?? '';

describe('Dockerfile', () => {
  const steps = instructions(read('Dockerfile'));
  const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.args);
  const runtime = steps.slice(steps.findLastIndex((s) => s.op === 'FROM'));
  const last = (op: string) => runtime.filter((s) => s.op === op).at(-1)?.args;

  it('should build in one node:20-slim stage with deploy/release.sh and run in another', () => {
    expect(froms).toEqual(['node:20-slim AS build', 'node:20-slim']);
    expect(steps.filter((s) => s.op === 'RUN').map((s) => s.args)).toContain('deploy/release.sh /app');
    expect(runtime).toContainEqual({ op: 'COPY', args: '--from=build /app /app' });
  });

  it('should run as a user that is not root', () => {
    const user = last('USER');
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('should check /healthz with node (slim has no curl)', () => {
    const check = last('HEALTHCHECK') ?? '';
    expect(check).toContain('CMD ["node", "-e"');
    expect(check).toContain('/healthz');
    expect(check).not.toContain('curl');
  });

  it("should keep SQLite on the /data volume, and start as npm start's node command does", () => {
    expect(last('VOLUME')).toBe('/data');
    expect(
      runtime
        .filter((s) => s.op === 'ENV')
        .map((s) => s.args)
        .join(' '),
    ).toContain('DATABASE_URL=sqlite:/data/access-bot.sqlite');
    expect(JSON.parse(last('CMD') ?? '[]')).toEqual(startScript.split(' '));
    expect(last('STOPSIGNAL')).toBe('SIGTERM');
  });

  it('should leave secrets, databases and installed modules out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['.env', 'node_modules', 'dist', 'data', '*.sqlite', '.git']),
    );
  });
});

describe('compose.yaml', () => {
  // biome-ignore lint/suspicious/noExplicitAny: a YAML document, read without ceremony.
  const compose = parse(read('compose.yaml')) as any;

  it('should run two bot replicas on one PostgreSQL 15 that has a healthcheck', () => {
    expect(compose.services.bot.deploy.replicas).toBe(2);
    expect(compose.services.postgres.image).toBe('postgres:15');
    expect(compose.services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(compose.services.bot.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.bot.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
  });

  it('should take the secrets from an env file and build the repository Dockerfile', () => {
    expect(compose.services.bot.env_file).toBe('.env');
    expect(compose.services.bot.build).toBe('.');
    expect(JSON.stringify(compose)).not.toMatch(/xoxb-|sk-admin-/);
  });
});

describe('deploy/kubernetes.yaml', () => {
  // biome-ignore lint/suspicious/noExplicitAny: YAML documents, read without ceremony.
  const docs = parseAllDocuments(read('deploy/kubernetes.yaml')).map((d) => d.toJS()) as any[];
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const container = deployment?.spec.template.spec.containers[0];

  it('should probe /healthz for liveness and readiness on the port the bot listens on', () => {
    const port = container.env.find((e: { name: string }) => e.name === 'PORT').value;
    const named = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(String(named.containerPort)).toBe(port);
    for (const probe of [container.livenessProbe, container.readinessProbe]) {
      expect(probe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    }
  });

  it('should run as non-root, take settings from a Secret, and be reachable through a Service', () => {
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.envFrom[0].secretRef.name).toBe('openai-access-bot');
    expect(docs.find((d) => d.kind === 'Service')?.spec.selector).toEqual(
      deployment.spec.selector.matchLabels,
    );
  });
});

describe('deploy/openai-access-bot.service', () => {
  const unit = read('deploy/openai-access-bot.service');
  const setting = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(unit)?.[1];

  it('should restart on failure, as a dedicated user, with settings from an EnvironmentFile', () => {
    expect(setting('Restart')).toBe('on-failure');
    expect(setting('User')).toBe('openai-access-bot');
    expect(setting('EnvironmentFile')).toBe('/etc/openai-access-bot/env');
    expect(setting('ExecStart')).toMatch(/^\/usr\/bin\/node .*\/dist\/main\.mjs$/);
  });
});

describe('README, Deploy', () => {
  it('should quote the start of /access help as the bot writes it (the first-request check)', () => {
    const [intro, first] = helpText().split('\n');
    expect(read('README.md')).toContain(`> ${intro}\n> ${first}\n`);
  });
});
