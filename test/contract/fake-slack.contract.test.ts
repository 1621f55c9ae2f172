/**
 * Contract: every answer of the fake Slack Web API validates against Slack's published spec (copies in
 * `test/contract/specs/slack-web-api/`, Swagger 2.0 with draft-04 schemas), so the fake cannot drift from
 * Slack.
 *
 * Answers are captured on the wire, as the real `WebClient` the bot uses receives them (WebClient adds
 * `response_metadata` client-side, so the raw JSON is what is checked).
 *
 * The spec is from 2020 and loose in places. Where it is known to be wrong or out of date, the correction is
 * listed in SPEC_CORRECTIONS / NEWER_ERROR_CODES below, applied in memory, never to the spec file.
 */
import { readFileSync } from 'node:fs';
import { LogLevel, WebClient } from '@slack/web-api';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';

type Json = Record<string, unknown>;
interface SpecDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { schema: Json; examples?: Record<string, Json> }> }>
  >;
  definitions: Record<string, Json>;
}

const loadSpec = (file: string): SpecDocument =>
  JSON.parse(readFileSync(new URL(`specs/slack-web-api/${file}`, import.meta.url), 'utf8')) as SpecDocument;

const spec = loadSpec('slack_web_openapi_v2.extract.json');
const authSpec = loadSpec('slack_web_openapi_v2.auth.test.extract.json');

/**
 * Error codes Slack answers today that the 2020 spec's per-method enums do not list yet. Only the codes the fake
 * uses are here; each is documented on the method's page at docs.slack.dev.
 */
const NEWER_ERROR_CODES: Record<string, string[]> = {
  'chat.postMessage': ['invalid_blocks', 'invalid_blocks_format', 'ratelimited', 'missing_scope'],
  'chat.update': ['invalid_blocks', 'invalid_blocks_format'],
  'chat.postEphemeral': ['invalid_blocks'],
};

/** Known mistakes in the spec, corrected in memory. */
const SPEC_CORRECTIONS: { method: string; why: string; apply: (schema: Json) => void }[] = [
  {
    method: 'chat.update',
    why: "200 `message.blocks` is declared an object; Slack returns the blocks array (as chat.postMessage's message does)",
    apply: (schema) => {
      const message = (schema.properties as Record<string, Json>).message as Json;
      (message.properties as Record<string, Json>).blocks = { $ref: '#/definitions/blocks' };
    },
  },
];

// Both packages are CommonJS with `exports.default`; under NodeNext ESM the class is on `.default`.
const ajv = new Ajv04Module.default({ strict: false, allErrors: true });
addFormatsModule.default(ajv);

function operation(doc: SpecDocument, method: string) {
  const path = doc.paths[`/${method}`];
  const op = path?.get ?? path?.post;
  if (!op) throw new Error(`the spec extract has no /${method}`);
  return op;
}

function schemaFor(method: string, code: '200' | 'default', doc: SpecDocument = spec): Json {
  const schema = structuredClone(operation(doc, method).responses[code]?.schema);
  if (!schema) throw new Error(`the spec has no ${code} schema for ${method}`);
  if (code === '200') {
    for (const correction of SPEC_CORRECTIONS) if (correction.method === method) correction.apply(schema);
  }
  if (code === 'default' && NEWER_ERROR_CODES[method]) {
    const properties = schema.properties as Record<string, Json>;
    const error = properties.error as { enum?: string[] };
    if (error.enum) error.enum = [...new Set([...error.enum, ...(NEWER_ERROR_CODES[method] ?? [])])];
    // Newer errors carry details: `response_metadata.messages` (invalid_blocks), `needed`/`provided` (missing_scope).
    properties.response_metadata = { type: 'object' };
    properties.needed = { type: 'string' };
    properties.provided = { type: 'string' };
  }
  return { ...schema, definitions: doc.definitions };
}

/** Validation errors of `body` against a schema, as readable strings; [] when it conforms. */
function violations(schema: Json, body: unknown): string[] {
  const validate = ajv.compile(schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

function expectConforms(method: string, body: unknown, doc: SpecDocument = spec): void {
  const code = (body as Json).ok === true ? '200' : 'default';
  expect(
    violations(schemaFor(method, code, doc), body),
    `${method} ${code}: ${JSON.stringify(body)}`,
  ).toEqual([]);
}

/** The spec's items-as-tuple (`items: [a, b]` on a non-array) checks nothing in draft-04; check one alternative. */
function alternative(definitionOrSchema: Json, index: number): Json {
  const items = definitionOrSchema.items as Json[];
  const chosen = items[index];
  if (!chosen) throw new Error(`no alternative ${index}`);
  return { ...chosen, definitions: spec.definitions };
}

/** The spec's views.* 200 schemas are generic; their examples show Slack's view object. Same keys, same kinds. */
function expectViewLike(actual: Json, method: string): void {
  const example = operation(spec, method).responses['200']?.examples?.['application/json']?.view as Json;
  const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  for (const [key, value] of Object.entries(example)) {
    expect(actual, `view.${key}`).toHaveProperty(key);
    if (value !== null && actual[key] !== null) expect(kind(actual[key]), `view.${key}`).toBe(kind(value));
  }
}

describe('fake Slack Web API contract', () => {
  const ALICE = 'U0ALICE001';
  const CHANNEL = 'C0ADMINS01';
  let fake: FakeSlack;
  let client: WebClient;
  const wire: { url: string; status: number; body: Json }[] = [];

  /** Calls a method through the real WebClient and returns the JSON body the fake put on the wire. */
  async function call(method: string, args: Record<string, unknown> = {}): Promise<Json> {
    await client.apiCall(method, args).catch(() => undefined);
    const last = wire.at(-1);
    if (!last?.url.endsWith(`/${method}`)) throw new Error(`no answer captured for ${method}`);
    return last.body;
  }

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: ALICE, name: 'alice', email: 'alice@example.org', realName: 'Alice Liddell' });
    fake.addChannel({ id: CHANNEL, name: 'access-admins' });
    client = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        wire.push({
          url: String(input),
          status: response.status,
          body: (await response.clone().json()) as Json,
        });
        return response;
      },
    });
  });

  afterAll(async () => {
    await fake.close();
  });

  describe('the validator itself', () => {
    it("should accept the spec's own users.info example and reject a malformed chat.postMessage answer", () => {
      const example = operation(spec, 'users.info').responses['200']?.examples?.['application/json'];
      expect(violations(schemaFor('users.info', '200'), example)).toEqual([]);

      const bad = {
        ok: true,
        channel: CHANNEL,
        ts: '12.5',
        message: { type: 'message', text: 'x', ts: '12.5' },
      };
      expect(violations(schemaFor('chat.postMessage', '200'), bad).join('\n')).toMatch(
        /\/ts must match pattern/,
      );
    });
  });

  describe('auth.test', () => {
    it('should answer the 200 schema for the bot token', async () => {
      expectConforms('auth.test', await call('auth.test'), authSpec);
    });

    it('should answer invalid_auth for a wrong bearer token and not_authed without one, per the error schema', async () => {
      const wrong = await fetch(`${fake.apiUrl}auth.test`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-wrong' },
      });
      const missing = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
      const wrongBody = (await wrong.json()) as Json;

      expect(wrongBody).toEqual({ ok: false, error: 'invalid_auth' });
      expectConforms('auth.test', wrongBody, authSpec);
      expectConforms('auth.test', await missing.json(), authSpec);
    });
  });

  describe('chat.postMessage', () => {
    it('should answer the 200 schema for a channel post with blocks, a thread reply and a DM by user id', async () => {
      const first = await call('chat.postMessage', {
        channel: CHANNEL,
        text: 'New request',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*proj_1*' } }],
      });
      const reply = await call('chat.postMessage', {
        channel: CHANNEL,
        text: 'Reminder',
        thread_ts: first.ts,
      });
      const dm = await call('chat.postMessage', { channel: ALICE, text: 'Approved' });

      for (const body of [first, reply, dm]) expectConforms('chat.postMessage', body);
      expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(dm.channel).toBe(fake.dmChannelFor(ALICE));
    });

    it('should answer channel_not_found and invalid_blocks per the error schema', async () => {
      expectConforms(
        'chat.postMessage',
        await call('chat.postMessage', { channel: 'C0NOPE0001', text: 'x' }),
      );
      const invalid = await call('chat.postMessage', {
        channel: CHANNEL,
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }],
      });
      expect(invalid.error).toBe('invalid_blocks');
      expectConforms('chat.postMessage', invalid);
    });
  });

  describe('chat.update', () => {
    it('should answer the 200 schema, and message_not_found per the error schema', async () => {
      const posted = await call('chat.postMessage', { channel: CHANNEL, text: 'pending' });
      const updated = await call('chat.update', {
        channel: posted.channel,
        ts: posted.ts,
        text: 'approved',
        blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'Approved by <@U0ALICE001>' }] }],
      });
      const missing = await call('chat.update', { channel: CHANNEL, ts: '1700000000.000001', text: 'x' });

      expectConforms('chat.update', updated);
      expect(missing.error).toBe('message_not_found');
      expectConforms('chat.update', missing);
    });
  });

  describe('chat.postEphemeral', () => {
    it('should answer the 200 schema, and channel_not_found per the error schema', async () => {
      expectConforms(
        'chat.postEphemeral',
        await call('chat.postEphemeral', { channel: CHANNEL, user: ALICE, text: 'psst' }),
      );
      expectConforms(
        'chat.postEphemeral',
        await call('chat.postEphemeral', { channel: 'C0NOPE0001', user: ALICE, text: 'x' }),
      );
    });
  });

  describe('conversations.open', () => {
    it('should answer the 200 schema when opening, re-opening and with return_im', async () => {
      const first = await call('conversations.open', { users: ALICE });
      const again = await call('conversations.open', { users: ALICE });
      const full = await call('conversations.open', { users: ALICE, return_im: true });
      const channelSchema = (schemaFor('conversations.open', '200').properties as Record<string, Json>)
        .channel;
      const imSchema = alternative(channelSchema as Json, 1);

      for (const body of [first, again, full]) {
        expectConforms('conversations.open', body);
        expect(violations(imSchema, body.channel)).toEqual([]);
      }
      expect(again).toMatchObject({ already_open: true, no_op: true });
    });

    it('should answer user_not_found per the error schema', async () => {
      expectConforms('conversations.open', await call('conversations.open', { users: 'U0NOBODY01' }));
    });
  });

  describe('users.info and users.lookupByEmail', () => {
    it('should answer the 200 schema with a user object that passes the non-enterprise user schema', async () => {
      const info = await call('users.info', { user: ALICE });
      const lookup = await call('users.lookupByEmail', { email: 'alice@example.org' });
      const bot = await call('users.info', { user: fake.botUserId });
      const userSchema = alternative(spec.definitions.objs_user as Json, 0);

      expectConforms('users.info', info);
      expectConforms('users.info', bot);
      expectConforms('users.lookupByEmail', lookup);
      for (const body of [info, lookup, bot]) expect(violations(userSchema, body.user)).toEqual([]);
    });

    it('should answer user_not_found and users_not_found per the error schemas', async () => {
      const info = await call('users.info', { user: 'U0NOBODY01' });
      const lookup = await call('users.lookupByEmail', { email: 'nobody@example.org' });

      expect([info.error, lookup.error]).toEqual(['user_not_found', 'users_not_found']);
      expectConforms('users.info', info);
      expectConforms('users.lookupByEmail', lookup);
    });
  });

  describe('users.list, deactivated users and user_change', () => {
    it('should page users.list with a cursor, each page per the 200 schema, members per the user schema', async () => {
      for (let i = 0; i < 5; i += 1) fake.addUser({ id: `U0PAGE000${i}`, name: `page${i}` });
      const userSchema = alternative(spec.definitions.objs_user as Json, 0);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await call('users.list', { limit: 2, ...(cursor ? { cursor } : {}) });
        expectConforms('users.list', page);
        for (const member of page.members as Json[]) {
          expect(violations(userSchema, member)).toEqual([]);
          seen.push(member.id as string);
        }
        cursor = ((page.response_metadata as Json).next_cursor as string) || undefined;
        pages += 1;
      } while (cursor);
      expect(pages).toBeGreaterThan(2);
      expect(seen).toEqual([...new Set(seen)]);
      expect(seen).toEqual(expect.arrayContaining([ALICE, 'U0PAGE0004']));
    });

    it('should answer invalid_cursor per the error schema', async () => {
      const bad = await call('users.list', { cursor: 'not-a-cursor' });
      expect(bad.error).toBe('invalid_cursor');
      expectConforms('users.list', bad);
    });

    it('should answer users.info for a deactivated user whose email is gone with deleted: true and no email', async () => {
      fake.addUser({ id: 'U0GONE0001', name: 'gone', email: 'gone@example.org' });
      fake.updateUser('U0GONE0001', { deleted: true, email: null });
      const info = await call('users.info', { user: 'U0GONE0001' });
      expectConforms('users.info', info);
      expect(violations(alternative(spec.definitions.objs_user as Json, 0), info.user)).toEqual([]);
      expect(info.user).toMatchObject({ id: 'U0GONE0001', deleted: true });
      expect((info.user as Json).profile).not.toHaveProperty('email');
    });

    it('should carry in user_change every field a captured deactivation held (events-user.md)', () => {
      const notes = readFileSync(new URL('specs/slack-web-api/events-user.md', import.meta.url), 'utf8');
      const captured = /a captured deactivation `user_change` held only\s+`([\s\S]*?)`\s+\[6\]/.exec(
        notes,
      )?.[1];
      expect(captured, 'the notes name the captured fields').toBeDefined();
      const fields = (captured ?? '').split(/,\s*/).map((f) => f.replace(/:.*$/, '').trim());
      expect(fields).toEqual([
        'id',
        'team_id',
        'name',
        'deleted',
        'profile',
        'is_bot',
        'is_app_user',
        'updated',
      ]);
      const user = fake.userObject('U0GONE0001');
      for (const field of fields) expect(user, field).toHaveProperty(field);
      expect(user.deleted).toBe(true);
    });
  });

  describe('views', () => {
    const modal = {
      type: 'modal',
      callback_id: 'access_request_modal',
      title: { type: 'plain_text', text: 'Request access' },
      submit: { type: 'plain_text', text: 'Submit' },
      blocks: [
        {
          type: 'input',
          block_id: 'justification_block',
          label: { type: 'plain_text', text: 'Why?' },
          element: { type: 'plain_text_input', action_id: 'justification' },
        },
      ],
    };

    it('should answer views.open, views.update and views.push with the 200 schema and a view shaped like the examples', async () => {
      const opened = await call('views.open', { trigger_id: fake.newTriggerId(), view: modal });
      const view = opened.view as Json;
      const updated = await call('views.update', { view_id: view.id, hash: view.hash, view: modal });
      const pushed = await call('views.push', {
        trigger_id: fake.newTriggerId({ viewId: String(view.id) }),
        view: modal,
      });

      expectConforms('views.open', opened);
      expectViewLike(view, 'views.open');
      expectConforms('views.update', updated);
      expectViewLike(updated.view as Json, 'views.update');
      // views.push is not in the extract; Slack documents the same answer as views.open.
      expectConforms('views.open', pushed);
      expectViewLike(pushed.view as Json, 'views.open');
    });

    it('should answer views.publish with the 200 schema and a home view shaped like the example', async () => {
      const published = await call('views.publish', { user_id: ALICE, view: { type: 'home', blocks: [] } });

      expectConforms('views.publish', published);
      expectViewLike(published.view as Json, 'views.publish');
    });

    it('should answer invalid_arguments, hash_conflict and invalid_auth per the generic error schema', async () => {
      const noTrigger = await call('views.open', { view: modal });
      const opened = await call('views.open', { trigger_id: fake.newTriggerId(), view: modal });
      const view = opened.view as Json;
      await call('views.update', { view_id: view.id, view: modal });
      const conflict = await call('views.update', { view_id: view.id, hash: view.hash, view: modal });
      const wrongToken = await fetch(`${fake.apiUrl}views.publish`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-wrong', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user_id: ALICE, view: '{"type":"home","blocks":[]}' }),
      });

      expect([noTrigger.error, conflict.error]).toEqual(['invalid_arguments', 'hash_conflict']);
      expectConforms('views.open', noTrigger);
      expectConforms('views.update', conflict);
      expectConforms('views.publish', await wrongToken.json());
    });
  });
});
