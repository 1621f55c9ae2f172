/**
 * Contract: every answer of the fake OpenAI Admin API validates against OpenAI's own OpenAPI 3.1 spec
 * (`test/contract/specs/openai-admin/openapi-admin.yaml`, a copy kept in the repository), so the fake
 * cannot drift from the API the bot meets in production. Each operation the fake implements is called over plain HTTP and its JSON checked against
 * the spec's response schema for that operation and status; errors the spec does not declare for an
 * operation (401, 404, 429, 5xx) are checked against its `ErrorResponse`.
 *
 * The spec's objects are open (no `additionalProperties: false`); this test closes them in memory, never
 * in the spec file, so that a misspelt or invented field fails too.
 *
 * Last, the official `openai` SDK talks to the fake, as the bot does.
 */
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEFAULT_PROJECT_ID,
  FAKE_ADMIN_ROUTES,
  type FakeOpenAIAdmin,
  startFakeOpenAIAdmin,
} from '../fakes/fake-openai-admin.js';

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'DELETE';

interface SpecResponse {
  $ref?: string;
  content?: { 'application/json'?: { schema?: Json } };
}
interface SpecDocument {
  paths: Record<string, Record<string, { responses: Record<string, SpecResponse> }>>;
  components: { schemas: Record<string, Json>; responses: Record<string, SpecResponse> };
}

const SPEC_ID = 'openapi-admin';
const spec = parse(
  readFileSync(new URL('specs/openai-admin/openapi-admin.yaml', import.meta.url), 'utf8'),
) as SpecDocument;

// Both packages are CommonJS with `exports.default`; under NodeNext ESM the function is on `.default`.
const ajv = new Ajv2020Module.default({ strict: false, allErrors: true });
addFormatsModule.default(ajv);
// The spec marks timestamps `format: unixtime` (integer seconds), a format of its own.
ajv.addFormat('unixtime', { type: 'number', validate: (value: number) => Number.isInteger(value) });
ajv.addSchema(closeObjects(structuredClone(spec)) as Json, SPEC_ID);

/** Sets `additionalProperties: false` on every object schema that lists its properties and says nothing else. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(closeObjects);
  else if (node && typeof node === 'object') {
    const schema = node as Json;
    const listsProperties = schema.type === 'object' && typeof schema.properties === 'object';
    if (listsProperties && !('additionalProperties' in schema)) schema.additionalProperties = false;
    Object.values(schema).forEach(closeObjects);
  }
  return node;
}

/** A JSON pointer as a URI fragment: `~` and `/` escaped, then `{`, `}` percent-encoded. */
function fragment(segments: string[]): string {
  return segments
    .map((s) => `/${encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))}`)
    .join('');
}

/** The `$ref` of the schema an answer must satisfy. */
function responseSchemaRef(method: Method, path: string, status: number): string {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the spec has no ${method} ${path}`);
  const declared = operation.responses[String(status)];
  if (!declared) {
    if (status < 400) throw new Error(`the spec declares no ${status} answer for ${method} ${path}`);
    return `${SPEC_ID}#/components/schemas/ErrorResponse`;
  }
  if (declared.$ref) return `${SPEC_ID}#${declared.$ref.slice(1)}/content/application~1json/schema`;
  return `${SPEC_ID}#${fragment(['paths', path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema'])}`;
}

const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Validation errors of `body` against the spec, as readable strings; [] when it conforms. */
function violations(method: Method, path: string, status: number, body: unknown): string[] {
  const ref = responseSchemaRef(method, path, status);
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

// ---- the organization every case starts from ----

interface World {
  alphaId: string;
  archivedId: string;
  ritaId: string;
  olgaId: string;
  pendingInviteId: string;
  acceptedInviteId: string;
  ritaKeyId: string;
  serviceKeyId: string;
}

const DAY = 86_400;
const MIDNIGHT = Date.UTC(2026, 10, 23) / 1000;
const NOW = MIDNIGHT + 10 * 3_600;

function arrange(fake: FakeOpenAIAdmin): World {
  const { state } = fake;
  const alpha = state.addProject({ name: 'Alpha' });
  const beta = state.addProject({ name: 'Beta' });
  const archived = state.addProject({ name: 'Old', status: 'archived' });
  const olga = state.addUser({ email: 'olga@uni.example', name: 'Olga Owner', role: 'owner' });
  const rita = state.addUser({ email: 'rita@uni.example', name: 'Rita Researcher' });
  state.addProjectUser(alpha.id, olga.id, 'owner');
  state.addProjectUser(alpha.id, rita.id, 'member');
  const pending = state.addInvite({
    email: 'nina@uni.example',
    projects: [{ id: alpha.id, role: 'member' }],
  });
  const accepted = state.addInvite({
    email: 'ben@uni.example',
    role: 'owner',
    projects: [{ id: beta.id, role: 'owner' }],
  });
  state.acceptInvite(accepted.id, { name: 'Ben' });
  state.addInvite({ email: 'late@uni.example', createdAt: NOW - 30 * DAY });
  state.setDailyCost(alpha.id, MIDNIGHT - 2 * DAY, 1.5, 'gpt-4o-2024-08-06, input');
  state.setDailyCost(alpha.id, MIDNIGHT - 2 * DAY, 0.25, 'gpt-4o-2024-08-06, output');
  state.setDailyCost(beta.id, MIDNIGHT - DAY, 3);
  state.setSpendLimit(alpha.id, { thresholdCents: 10_000 });
  const ritaKey = state.addApiKey({ projectId: alpha.id, owner: { userId: rita.id }, name: 'notebook' });
  const serviceKey = state.addApiKey({
    projectId: alpha.id,
    owner: { serviceAccount: { name: 'ci-bot' } },
    lastUsedAt: NOW - DAY,
  });
  // Olga's key in Beta, where she is no member: listed only with owner_project_access=any|inactive.
  state.addApiKey({ projectId: beta.id, owner: { userId: olga.id }, createdAt: NOW - 400 * DAY });
  return {
    alphaId: alpha.id,
    archivedId: archived.id,
    ritaId: rita.id,
    olgaId: olga.id,
    pendingInviteId: pending.id,
    acceptedInviteId: accepted.id,
    ritaKeyId: ritaKey.id,
    serviceKeyId: serviceKey.id,
  };
}

interface ContractCase {
  title: string;
  method: Method;
  /** The spec's path template. */
  path: string;
  status: number;
  /** The concrete request, made in the arranged world; may script the fake first. */
  request(world: World, fake: FakeOpenAIAdmin): { url: string; body?: unknown; key?: string | null };
}

const COSTS_RANGE = `start_time=${MIDNIGHT - 3 * DAY}&end_time=${MIDNIGHT + DAY}`;

const CASES: ContractCase[] = [
  // invites
  {
    title: 'list invites',
    method: 'GET',
    path: '/organization/invites',
    status: 200,
    request: () => ({ url: '/organization/invites' }),
  },
  {
    title: 'create an invite',
    method: 'POST',
    path: '/organization/invites',
    status: 200,
    request: (w) => ({
      url: '/organization/invites',
      body: { email: 'new@uni.example', role: 'reader', projects: [{ id: w.alphaId, role: 'member' }] },
    }),
  },
  {
    title: 'retrieve an invite',
    method: 'GET',
    path: '/organization/invites/{invite_id}',
    status: 200,
    request: (w) => ({ url: `/organization/invites/${w.acceptedInviteId}` }),
  },
  {
    title: 'delete a pending invite',
    method: 'DELETE',
    path: '/organization/invites/{invite_id}',
    status: 200,
    request: (w) => ({ url: `/organization/invites/${w.pendingInviteId}` }),
  },
  {
    title: 'refuse to delete an accepted invite',
    method: 'DELETE',
    path: '/organization/invites/{invite_id}',
    status: 400,
    request: (w) => ({ url: `/organization/invites/${w.acceptedInviteId}` }),
  },
  // users
  {
    title: 'list users',
    method: 'GET',
    path: '/organization/users',
    status: 200,
    request: () => ({ url: '/organization/users?limit=2' }),
  },
  {
    title: 'list users by email',
    method: 'GET',
    path: '/organization/users',
    status: 200,
    request: () => ({ url: '/organization/users?emails[]=rita@uni.example&emails[]=nobody@uni.example' }),
  },
  {
    title: 'retrieve a user',
    method: 'GET',
    path: '/organization/users/{user_id}',
    status: 200,
    request: (w) => ({ url: `/organization/users/${w.ritaId}` }),
  },
  {
    title: 'change a user role',
    method: 'POST',
    path: '/organization/users/{user_id}',
    status: 200,
    request: (w) => ({ url: `/organization/users/${w.ritaId}`, body: { role: 'owner' } }),
  },
  {
    title: 'delete a user',
    method: 'DELETE',
    path: '/organization/users/{user_id}',
    status: 200,
    request: (w) => ({ url: `/organization/users/${w.ritaId}` }),
  },
  // projects
  {
    title: 'list projects with archived ones',
    method: 'GET',
    path: '/organization/projects',
    status: 200,
    request: () => ({ url: '/organization/projects?include_archived=true' }),
  },
  {
    title: 'create a project',
    method: 'POST',
    path: '/organization/projects',
    status: 200,
    request: () => ({ url: '/organization/projects', body: { name: 'Gamma', external_key_id: 'key-1' } }),
  },
  {
    title: 'retrieve an archived project',
    method: 'GET',
    path: '/organization/projects/{project_id}',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.archivedId}` }),
  },
  {
    title: 'rename a project',
    method: 'POST',
    path: '/organization/projects/{project_id}',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}`, body: { name: 'Alpha Lab' } }),
  },
  {
    title: 'refuse to modify the Default project',
    method: 'POST',
    path: '/organization/projects/{project_id}',
    status: 400,
    request: () => ({ url: `/organization/projects/${DEFAULT_PROJECT_ID}`, body: { name: 'Mine' } }),
  },
  {
    title: 'archive a project',
    method: 'POST',
    path: '/organization/projects/{project_id}/archive',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/archive` }),
  },
  {
    title: 'answer 404 for an unknown project',
    method: 'GET',
    path: '/organization/projects/{project_id}',
    status: 404,
    request: () => ({ url: '/organization/projects/proj_unknown' }),
  },
  // project users
  {
    title: 'list project users',
    method: 'GET',
    path: '/organization/projects/{project_id}/users',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/users` }),
  },
  {
    title: 'refuse to list the users of an archived project',
    method: 'GET',
    path: '/organization/projects/{project_id}/users',
    status: 400,
    request: (w) => ({ url: `/organization/projects/${w.archivedId}/users` }),
  },
  {
    title: 'add an org member to a project',
    method: 'POST',
    path: '/organization/projects/{project_id}/users',
    status: 200,
    request: (w, fake) => {
      const ben = fake.state.users().find((u) => u.email === 'ben@uni.example');
      return { url: `/organization/projects/${w.alphaId}/users`, body: { user_id: ben?.id, role: 'member' } };
    },
  },
  {
    title: 'refuse to add someone who is not an org member',
    method: 'POST',
    path: '/organization/projects/{project_id}/users',
    status: 400,
    request: (w) => ({
      url: `/organization/projects/${w.alphaId}/users`,
      body: { email: 'nina@uni.example', role: 'member' },
    }),
  },
  {
    title: 'retrieve a project user',
    method: 'GET',
    path: '/organization/projects/{project_id}/users/{user_id}',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/users/${w.ritaId}` }),
  },
  {
    title: 'change a project role',
    method: 'POST',
    path: '/organization/projects/{project_id}/users/{user_id}',
    status: 200,
    request: (w) => ({
      url: `/organization/projects/${w.alphaId}/users/${w.ritaId}`,
      body: { role: 'owner' },
    }),
  },
  {
    title: 'remove a project user',
    method: 'DELETE',
    path: '/organization/projects/{project_id}/users/{user_id}',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/users/${w.ritaId}` }),
  },
  // costs
  {
    title: 'report org costs per day',
    method: 'GET',
    path: '/organization/costs',
    status: 200,
    request: () => ({ url: `/organization/costs?${COSTS_RANGE}` }),
  },
  {
    title: 'report costs per project and line item, one page',
    method: 'GET',
    path: '/organization/costs',
    status: 200,
    request: () => ({
      url: `/organization/costs?${COSTS_RANGE}&group_by[]=project_id&group_by[]=line_item&limit=2&bucket_width=1d`,
    }),
  },
  {
    title: 'answer a rate limit on costs',
    method: 'GET',
    path: '/organization/costs',
    status: 429,
    request: (_w, fake) => {
      fake.failNext({ path: '/organization/costs' }, { status: 429, headers: { 'retry-after': '1' } });
      return { url: `/organization/costs?${COSTS_RANGE}` };
    },
  },
  // spend limits
  {
    title: 'retrieve a project spend limit',
    method: 'GET',
    path: '/organization/projects/{project_id}/spend_limit',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/spend_limit` }),
  },
  {
    title: 'set a project spend limit',
    method: 'POST',
    path: '/organization/projects/{project_id}/spend_limit',
    status: 200,
    request: (w) => ({
      url: `/organization/projects/${w.alphaId}/spend_limit`,
      body: { threshold_amount: 150, currency: 'USD', interval: 'month' },
    }),
  },
  {
    title: 'delete a project spend limit',
    method: 'DELETE',
    path: '/organization/projects/{project_id}/spend_limit',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/spend_limit` }),
  },
  // project API keys
  {
    title: 'list project API keys of any owner access, one page',
    method: 'GET',
    path: '/organization/projects/{project_id}/api_keys',
    status: 200,
    request: (w) => ({
      url: `/organization/projects/${w.alphaId}/api_keys?owner_project_access=any&limit=1`,
    }),
  },
  {
    title: "list the keys whose owner lost access (a departed user's)",
    method: 'GET',
    path: '/organization/projects/{project_id}/api_keys',
    status: 200,
    request: (w, fake) => {
      fake.state.removeUser(w.ritaId);
      return { url: `/organization/projects/${w.alphaId}/api_keys?owner_project_access=inactive` };
    },
  },
  {
    title: 'refuse an unknown owner_project_access',
    method: 'GET',
    path: '/organization/projects/{project_id}/api_keys',
    status: 400,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/api_keys?owner_project_access=all` }),
  },
  {
    title: "retrieve a service account's key",
    method: 'GET',
    path: '/organization/projects/{project_id}/api_keys/{api_key_id}',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/api_keys/${w.serviceKeyId}` }),
  },
  {
    title: "delete a user's key",
    method: 'DELETE',
    path: '/organization/projects/{project_id}/api_keys/{api_key_id}',
    status: 200,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/api_keys/${w.ritaKeyId}` }),
  },
  {
    title: "refuse to delete a service account's key",
    method: 'DELETE',
    path: '/organization/projects/{project_id}/api_keys/{api_key_id}',
    status: 400,
    request: (w) => ({ url: `/organization/projects/${w.alphaId}/api_keys/${w.serviceKeyId}` }),
  },
  {
    title: 'answer 404 for a key deleted already',
    method: 'DELETE',
    path: '/organization/projects/{project_id}/api_keys/{api_key_id}',
    status: 404,
    request: (w, fake) => {
      fake.state.removeApiKey(w.ritaKeyId);
      return { url: `/organization/projects/${w.alphaId}/api_keys/${w.ritaKeyId}` };
    },
  },
  // cross-cutting errors
  {
    title: 'answer 401 without an admin key',
    method: 'GET',
    path: '/organization/users',
    status: 401,
    request: () => ({ url: '/organization/users', key: null }),
  },
  {
    title: 'answer 401 for a wrong key',
    method: 'GET',
    path: '/organization/projects',
    status: 401,
    request: () => ({ url: '/organization/projects', key: 'sk-proj-wrong' }),
  },
  {
    title: 'answer 400 for a limit out of range',
    method: 'GET',
    path: '/organization/invites',
    status: 400,
    request: () => ({ url: '/organization/invites?limit=500' }),
  },
  {
    title: 'answer a scripted 500',
    method: 'POST',
    path: '/organization/projects/{project_id}/users',
    status: 500,
    request: (w, fake) => {
      fake.failNext({ method: 'POST', path: /\/users$/ }, { status: 500 });
      return { url: `/organization/projects/${w.alphaId}/users`, body: { user_id: w.olgaId, role: 'owner' } };
    },
  },
];

let fake: FakeOpenAIAdmin;
let world: World;

beforeEach(async () => {
  fake = await startFakeOpenAIAdmin({ now: () => NOW });
  world = arrange(fake);
});

afterEach(async () => {
  await fake.close();
});

async function send(request: { url: string; body?: unknown; key?: string | null }, method: Method) {
  const key = request.key === undefined ? fake.adminKey : request.key;
  const response = await fetch(`${fake.baseURL}${request.url}`, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('the fake answers as the spec says', () => {
  it.each(CASES)('$method $path → $status: $title', async (c) => {
    const answer = await send(c.request(world, fake), c.method);
    expect(answer.status, JSON.stringify(answer.body)).toBe(c.status);
    expect(violations(c.method, c.path, c.status, answer.body), JSON.stringify(answer.body)).toEqual([]);
  });

  it('should check every operation the fake implements, each one a spec operation', () => {
    const checked = new Set(CASES.filter((c) => c.status === 200).map((c) => `${c.method} ${c.path}`));
    for (const route of FAKE_ADMIN_ROUTES) {
      expect(
        spec.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path} in the spec`,
      ).toBeDefined();
      expect(
        checked.has(`${route.method} ${route.path}`),
        `${route.method} ${route.path} has a 200 case`,
      ).toBe(true);
    }
  });

  it('should notice an answer that drifts from the spec', () => {
    const drifted = {
      object: 'organization.project',
      id: 'proj_x',
      created_at: '2026-11-23',
      archivedAt: null,
    };
    expect(violations('GET', '/organization/projects/{project_id}', 200, drifted)).toEqual([
      expect.stringMatching(/^\/ must NOT have additional properties .*archivedAt/),
      expect.stringMatching(/^\/created_at must be integer/),
    ]);
    expect(violations('GET', '/organization/users', 401, { error: { message: 'no' } })).not.toEqual([]);
  });
});

describe('the official SDK talks to the fake', () => {
  const sdk = () => new OpenAI({ adminAPIKey: fake.adminKey, baseURL: fake.baseURL, maxRetries: 0 });

  it('should walk every page of users with for await', async () => {
    for (let i = 0; i < 150; i++) fake.state.addUser({ email: `user${i}@uni.example` });
    const emails: string[] = [];
    for await (const user of sdk().admin.organization.users.list()) emails.push(user.email ?? '');
    // The 150, plus Olga, Rita and Ben (who joined by accepting an invite) from the arranged world.
    expect(emails).toHaveLength(153);
    expect(emails).toEqual(fake.state.users().map((u) => u.email));
    const pages = fake.calls.filter((c) => c.path === '/organization/users');
    expect(pages).toHaveLength(8); // default limit 20
    expect(pages[1]?.query).toEqual({ after: fake.state.users()[19]?.id });
  });

  it('should surface a 400 for adding a non-member as OpenAI.BadRequestError', async () => {
    const adding = sdk().admin.organization.projects.users.create(world.alphaId, {
      user_id: 'user-not-in-org',
      role: 'member',
    });
    await expect(adding).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(adding).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'user_id',
      message: expect.stringMatching(/^400 User 'user-not-in-org' is not a member of this organization/),
    });
  });

  it('should send arrays in brackets style, which the fake reads', async () => {
    const costs = await sdk().admin.organization.usage.costs({
      start_time: MIDNIGHT - 3 * DAY,
      end_time: MIDNIGHT,
      group_by: ['project_id'],
      project_ids: [world.alphaId],
      limit: 31,
    });
    expect(costs.data.flatMap((b) => b.results)).toEqual([
      expect.objectContaining({ project_id: world.alphaId, amount: { value: 1.75, currency: 'usd' } }),
    ]);
    expect(fake.calls.at(-1)?.query).toMatchObject({
      'group_by[]': ['project_id'],
      'project_ids[]': [world.alphaId],
    });

    const found = await sdk().admin.organization.users.list({ emails: ['rita@uni.example'] });
    expect(found.data.map((u) => u.id)).toEqual([world.ritaId]);
  });

  it('should reach the spend limit resources and archive without a body', async () => {
    const org = sdk().admin.organization;
    const limit = await org.projects.spendLimit.update(world.alphaId, {
      threshold_amount: 2_500,
      currency: 'USD',
      interval: 'month',
    });
    expect(limit).toMatchObject({ threshold_amount: 2_500, enforcement: { status: 'inactive' } });
    expect(await org.projects.archive(world.alphaId)).toMatchObject({ status: 'archived' });
  });

  it('should list project API keys with owner_project_access and page them', async () => {
    const org = sdk().admin.organization;
    const [beta] = fake.state.projects().filter((p) => p.name === 'Beta');
    const betaId = beta?.id ?? '';
    expect((await org.projects.apiKeys.list(betaId)).data).toEqual([]);
    const any = [];
    for await (const key of org.projects.apiKeys.list(betaId, { owner_project_access: 'any', limit: 1 }))
      any.push(key);
    expect(any).toEqual([
      expect.objectContaining({
        owner_project_access: 'inactive',
        owner: expect.objectContaining({ type: 'user', user: expect.objectContaining({ id: world.olgaId }) }),
      }),
    ]);
    expect(fake.calls.at(-1)?.query).toMatchObject({ owner_project_access: 'any', limit: '1' });
    await expect(
      org.projects.apiKeys.delete(world.serviceKeyId, { project_id: world.alphaId }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('should surface a wrong key as OpenAI.AuthenticationError', async () => {
    const client = new OpenAI({ adminAPIKey: 'sk-admin-wrong', baseURL: fake.baseURL, maxRetries: 0 });
    await expect(client.admin.organization.projects.list()).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
  });
});
