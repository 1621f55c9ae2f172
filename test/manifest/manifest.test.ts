import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ACCESS_COMMAND } from '../../src/slack/ids.js';
import { DEFAULT_BOT_SCOPES } from '../fakes/fake-slack.js';

type Json = Record<string, unknown>;

const readJson = (url: URL): Json => JSON.parse(readFileSync(url, 'utf8')) as Json;

const manifest = readJson(new URL('../../manifest/manifest.json', import.meta.url));
const schema = readJson(
  new URL('../contract/specs/slack-manifest-schema/manifest.schema.1.0.0.json', import.meta.url),
);

// Slack's schema is draft-07 and uses a non-standard `regex` keyword, hence strict: false.
// ajv and ajv-formats are CommonJS with `exports.default`; under NodeNext ESM the function is on `.default`.
const ajv = new AjvModule.default({ strict: false, allErrors: true });
addFormatsModule.default(ajv);
const validateManifest = ajv.compile(schema);

function violations(candidate: unknown): string[] {
  if (validateManifest(candidate)) return [];
  return (validateManifest.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''}`,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: the manifest is read as plain JSON.
const m = manifest as any;

describe('manifest/manifest.json', () => {
  it("should validate against Slack's manifest schema 1.0.0", () => {
    expect(m._metadata.major_version).toBe(1);
    expect(violations(manifest)).toEqual([]);
  });

  it('should declare the slash command the code listens to', () => {
    expect(m.features.slash_commands).toHaveLength(1);
    expect(m.features.slash_commands[0]).toMatchObject({
      command: ACCESS_COMMAND,
      usage_hint: '[request <project> | help | invites | budget [project] | audit [project | @person]]',
      // Escaped, so `/access audit @rita` arrives as <@U…|rita>: a user id, not a display name.
      should_escape: true,
    });
  });

  it("should send every request to Bolt's single HTTP endpoint /slack/events", () => {
    const urls = [
      ...m.features.slash_commands.map((command: { url: string }) => command.url),
      m.settings.interactivity.request_url,
      m.settings.interactivity.message_menu_options_url,
      m.settings.event_subscriptions.request_url,
    ];

    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
  });

  it('should run in HTTP mode with interactivity, the Home tab, app_home_opened and user_change', () => {
    expect(m.settings).toMatchObject({
      socket_mode_enabled: false,
      token_rotation_enabled: false,
      org_deploy_enabled: false,
      interactivity: { is_enabled: true },
      // user_change (scope users:read) is how a deactivation arrives.
      event_subscriptions: { bot_events: ['app_home_opened', 'user_change'] },
    });
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.features.bot_user.display_name).toBe('openai-access');
    expect(m.display_information.name).toBe('OpenAI Access');
  });

  it('should request exactly the bot scopes the bot uses, which are the ones the fake Slack grants', () => {
    const expected = ['commands', 'chat:write', 'im:write', 'users:read', 'users:read.email', 'files:write'];
    // `/access onboard` reads a channel's members (conversations.members), public and private.
    expected.push('channels:read', 'groups:read');

    expect([...m.oauth_config.scopes.bot].sort()).toEqual([...expected].sort());
    expect([...DEFAULT_BOT_SCOPES].sort()).toEqual([...expected].sort());
    expect(m.oauth_config.scopes.user).toBeUndefined();
  });

  it("should become a valid Socket Mode manifest by exactly the README's edits", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(
      readme.indexOf('### Socket Mode'),
      readme.indexOf('\n## ', readme.indexOf('### Socket Mode')),
    );
    const told = [...section.matchAll(/`((?:features|settings)\.[\w.[\]]+)`/g)].map(
      (match) => match[1] as string,
    );
    // Every URL field of the manifest, as a path like features.slash_commands[0].url.
    const urls: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`);
      } else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          const at = path ? `${path}.${key}` : key;
          if (/url$/.test(key)) urls.push(at);
          else walk(child, at);
        }
      }
    };
    walk(m, '');
    expect([...told].sort()).toEqual([...urls].sort());

    const socket = structuredClone(m);
    for (const path of told) {
      const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
      const last = keys.pop() as string;
      const parent = keys.reduce((node, key) => node[key], socket);
      expect(parent).toHaveProperty(last);
      delete parent[last];
    }
    socket.settings.socket_mode_enabled = true;
    expect(section).toContain('"socket_mode_enabled": true');
    expect(section).toContain('`connections:write`');
    expect(violations(socket)).toEqual([]);
    expect(socket.settings.interactivity.is_enabled).toBe(true);
  });

  it('should be rejected by the validator when a command description is over 2000 characters', () => {
    const broken = structuredClone(m);
    broken.features.slash_commands[0].description = 'x'.repeat(2001);

    expect(violations(broken)).toContain(
      '/features/slash_commands/0/description must NOT have more than 2000 characters',
    );
  });
});
