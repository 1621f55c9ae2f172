import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_PROJECT_ID,
  DEFAULT_PROJECT_NAME,
  type FakeOpenAIAdmin,
  INVITE_LIFETIME_SECONDS,
  startFakeOpenAIAdmin,
} from './fake-openai-admin.js';

const DAY = 86_400;
/** 2026-11-23T10:00:00Z */
const NOW = Date.UTC(2026, 10, 23, 10) / 1000;
const MIDNIGHT = Date.UTC(2026, 10, 23) / 1000;

let fake: FakeOpenAIAdmin;
let now = NOW;

beforeEach(async () => {
  now = NOW;
  fake = await startFakeOpenAIAdmin({ now: () => now });
});

afterEach(async () => {
  await fake.close();
});

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in each test.
  body: any;
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null; signal?: AbortSignal } = {},
): Promise<Reply> {
  const key = options.key === undefined ? fake.adminKey : options.key;
  const response = await fetch(`${fake.baseURL}${path}`, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Left as text: some tests script malformed bodies on purpose.
  }
  return { status: response.status, headers: response.headers, body };
}

function expectError(reply: Reply, status: number, message: RegExp) {
  expect(reply.status).toBe(status);
  const { error } = reply.body;
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(error.message).toMatch(message);
  expect(typeof error.type).toBe('string');
  for (const field of [error.param, error.code])
    expect(field === null || typeof field === 'string').toBe(true);
}

describe('organization seed and ids', () => {
  it('should start with only the Default project', () => {
    expect(fake.state.projects()).toEqual([
      {
        id: DEFAULT_PROJECT_ID,
        object: 'organization.project',
        name: DEFAULT_PROJECT_NAME,
        created_at: NOW,
        archived_at: null,
        status: 'active',
      },
    ]);
    expect(fake.state.users()).toEqual([]);
    expect(fake.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(fake.adminKey).toBe('sk-admin-test-fake-key');
  });

  it('should give ids shaped like OpenAI ids', () => {
    expect(fake.state.addProject({ name: 'Alpha' }).id).toMatch(/^proj_[A-Za-z0-9]{24}$/);
    expect(fake.state.addUser({ email: 'a@uni.example' }).id).toMatch(/^user-[A-Za-z0-9]{24}$/);
    expect(fake.state.addInvite({ email: 'b@uni.example' }).id).toMatch(/^invite-[A-Za-z0-9]{24}$/);
  });

  it('should take the admin key and clock it is given', async () => {
    const other = await startFakeOpenAIAdmin({ adminKey: 'sk-admin-other', now: () => 1_000.9 });
    try {
      expect(other.state.addUser({ email: 'a@uni.example' }).added_at).toBe(1_000);
      other.setNow(() => 2_000);
      expect(other.state.addProject({ name: 'Later' }).created_at).toBe(2_000);
      const res = await fetch(`${other.baseURL}/organization/users`, {
        headers: { authorization: 'Bearer sk-admin-other' },
      });
      expect(res.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('authentication and routing', () => {
  it('should answer 401 without an Authorization header', async () => {
    expectError(await call('GET', '/organization/users', { key: null }), 401, /didn't provide an API key/);
  });

  it('should answer 401 invalid_api_key for another key, without echoing it whole', async () => {
    const reply = await call('GET', '/organization/users', { key: 'sk-proj-not-an-admin-key-123456' });
    expectError(reply, 401, /Incorrect API key provided: sk-proj-\*\*\*3456/);
    expect(reply.body.error.code).toBe('invalid_api_key');
  });

  it('should answer 404 in the ErrorResponse shape for an unknown route or method', async () => {
    expectError(
      await call('GET', '/organization/nothing-here'),
      404,
      /Invalid URL \(GET \/v1\/organization\/nothing-here\)/,
    );
    expectError(await call('PATCH', '/organization/users'), 404, /Invalid URL/);
  });

  it('should answer 400 for a body that is not JSON', async () => {
    const res = await fetch(`${fake.baseURL}/organization/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.adminKey}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/could not parse the JSON body/);
  });
});

describe('invites', () => {
  it('should create a pending invite that expires a week later and echoes its projects', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const reply = await call('POST', '/organization/invites', {
      body: { email: 'rita@uni.example', role: 'reader', projects: [{ id: alpha.id, role: 'owner' }] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      object: 'organization.invite',
      id: expect.stringMatching(/^invite-/),
      email: 'rita@uni.example',
      role: 'reader',
      status: 'pending',
      created_at: NOW,
      expires_at: NOW + INVITE_LIFETIME_SECONDS,
      accepted_at: null,
      projects: [{ id: alpha.id, role: 'owner' }],
    });
    expect(fake.state.invites()).toHaveLength(1);
  });

  it('should grant the Default project when projects are omitted, and nothing for an empty list', async () => {
    const legacy = await call('POST', '/organization/invites', {
      body: { email: 'a@uni.example', role: 'reader' },
    });
    expect(legacy.body.projects).toEqual([{ id: DEFAULT_PROJECT_ID, role: 'member' }]);
    const none = await call('POST', '/organization/invites', {
      body: { email: 'b@uni.example', role: 'reader', projects: [] },
    });
    expect(none.body.projects).toEqual([]);
  });

  it('should on acceptance create the org user and add the invite projects, skipping archived ones', () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const beta = fake.state.addProject({ name: 'Beta' });
    const invite = fake.state.addInvite({
      email: 'rita@uni.example',
      role: 'reader',
      projects: [
        { id: alpha.id, role: 'member' },
        { id: beta.id, role: 'owner' },
      ],
    });
    fake.state.archiveProject(beta.id);
    now += 3_600;

    const accepted = fake.state.acceptInvite(invite.id, { name: 'Rita Researcher' });

    expect(accepted).toMatchObject({ status: 'accepted', accepted_at: NOW + 3_600 });
    const user = fake.state.users().find((u) => u.email === 'rita@uni.example');
    expect(user).toMatchObject({ name: 'Rita Researcher', role: 'reader', added_at: NOW + 3_600 });
    expect(fake.state.projectUsers(alpha.id)).toEqual([
      {
        object: 'organization.project.user',
        id: user?.id,
        name: 'Rita Researcher',
        email: 'rita@uni.example',
        role: 'member',
        added_at: NOW + 3_600,
      },
    ]);
    expect(fake.state.projectUsers(beta.id)).toEqual([]);
  });

  it('should on acceptance reuse an existing org user and keep memberships they already have', () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const rita = fake.state.addUser({ email: 'Rita@uni.example', name: 'Rita' });
    fake.state.addProjectUser(alpha.id, rita.id, 'owner');
    const invite = fake.state.addInvite({
      email: 'rita@uni.example',
      projects: [{ id: alpha.id, role: 'member' }],
    });
    fake.state.acceptInvite(invite.id);
    expect(fake.state.users()).toHaveLength(1);
    expect(fake.state.projectUser(alpha.id, rita.id)?.role).toBe('owner');
  });

  it('should grant the Default project to an invite accepted without a project list', () => {
    const invite = fake.state.addInvite({ email: 'a@uni.example' });
    fake.state.acceptInvite(invite.id);
    expect(fake.state.projectUsers(DEFAULT_PROJECT_ID).map((u) => u.email)).toEqual(['a@uni.example']);
  });

  it('should report a pending invite as expired once expires_at has passed', async () => {
    const invite = fake.state.addInvite({ email: 'a@uni.example' });
    now += INVITE_LIFETIME_SECONDS - 1;
    expect((await call('GET', `/organization/invites/${invite.id}`)).body.status).toBe('pending');
    now += 1;
    expect((await call('GET', `/organization/invites/${invite.id}`)).body.status).toBe('expired');
    expect(() => fake.state.acceptInvite(invite.id)).toThrow(/is expired, not pending/);
  });

  it('should expire an invite on request', () => {
    const invite = fake.state.addInvite({ email: 'a@uni.example' });
    now += 60;
    expect(fake.state.expireInvite(invite.id)).toMatchObject({ status: 'expired', expires_at: NOW + 60 });
  });

  it('should delete a pending invite but refuse an accepted one', async () => {
    const pending = fake.state.addInvite({ email: 'a@uni.example' });
    expect((await call('DELETE', `/organization/invites/${pending.id}`)).body).toEqual({
      object: 'organization.invite.deleted',
      id: pending.id,
      deleted: true,
    });
    expectError(await call('GET', `/organization/invites/${pending.id}`), 404, /No invite found/);

    const accepted = fake.state.addInvite({ email: 'b@uni.example' });
    fake.state.acceptInvite(accepted.id);
    expectError(
      await call('DELETE', `/organization/invites/${accepted.id}`),
      400,
      /already been accepted and cannot be deleted/,
    );
  });

  it('should refuse to invite an org user but allow a second invite for a pending email', async () => {
    const rita = fake.state.addUser({ email: 'rita@uni.example' });
    const refused = await call('POST', '/organization/invites', {
      body: { email: 'RITA@uni.example', role: 'reader' },
    });
    expectError(refused, 400, new RegExp(`already a member of this organization \\(user '${rita.id}'\\)`));

    const body = { email: 'new@uni.example', role: 'reader', projects: [] };
    expect((await call('POST', '/organization/invites', { body })).status).toBe(200);
    expect((await call('POST', '/organization/invites', { body })).status).toBe(200);
    expect(fake.callCount('POST', '/organization/invites')).toBe(3);
  });

  it('should validate the invite body with OpenAI-style parameter errors', async () => {
    const memberRole = await call('POST', '/organization/invites', {
      body: { email: 'a@uni.example', role: 'member' },
    });
    expectError(
      memberRole,
      400,
      /Invalid value for 'role': "member". Supported values are: 'reader' and 'owner'/,
    );
    expect(memberRole.body.error).toMatchObject({ param: 'role', code: 'invalid_value' });

    const noEmail = await call('POST', '/organization/invites', { body: { role: 'reader' } });
    expect(noEmail.body.error).toMatchObject({ param: 'email', code: 'missing_required_parameter' });

    const unknownProject = await call('POST', '/organization/invites', {
      body: { email: 'a@uni.example', role: 'reader', projects: [{ id: 'proj_nope', role: 'member' }] },
    });
    expectError(unknownProject, 400, /No project found with id 'proj_nope'/);
    expect(fake.state.invites()).toEqual([]);
  });
});

describe('users', () => {
  it('should filter by emails in both spellings, ignoring case', async () => {
    fake.state.addUser({ email: 'a@uni.example' });
    fake.state.addUser({ email: 'b@uni.example' });
    fake.state.addUser({ email: 'c@uni.example' });
    const brackets = await call('GET', '/organization/users?emails[]=A@uni.example&emails[]=c@uni.example');
    expect(brackets.body.data.map((u: { email: string }) => u.email)).toEqual([
      'a@uni.example',
      'c@uni.example',
    ]);
    const plain = await call('GET', '/organization/users?emails=b@uni.example');
    expect(plain.body.data.map((u: { email: string }) => u.email)).toEqual(['b@uni.example']);
    expect(fake.calls.at(-2)?.query).toEqual({ 'emails[]': ['A@uni.example', 'c@uni.example'] });
  });

  it('should change a role and refuse a project role as org role', async () => {
    const rita = fake.state.addUser({ email: 'rita@uni.example' });
    const updated = await call('POST', `/organization/users/${rita.id}`, { body: { role: 'owner' } });
    expect(updated.body).toMatchObject({ id: rita.id, role: 'owner' });
    expectError(
      await call('POST', `/organization/users/${rita.id}`, { body: { role: 'member' } }),
      400,
      /'role'/,
    );
  });

  it('should remove a deleted user from every project', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const rita = fake.state.addUser({ email: 'rita@uni.example' });
    fake.state.addProjectUser(alpha.id, rita.id, 'member');
    expect((await call('DELETE', `/organization/users/${rita.id}`)).body).toEqual({
      object: 'organization.user.deleted',
      id: rita.id,
      deleted: true,
    });
    expect(fake.state.projectUsers(alpha.id)).toEqual([]);
    expectError(await call('GET', `/organization/users/${rita.id}`), 404, /No user found/);
  });
});

describe('projects', () => {
  it('should hide archived projects unless include_archived=true', async () => {
    fake.state.addProject({ name: 'Alpha' });
    fake.state.addProject({ name: 'Old', status: 'archived' });
    const names = (reply: Reply) => reply.body.data.map((p: { name: string }) => p.name);
    expect(names(await call('GET', '/organization/projects'))).toEqual([DEFAULT_PROJECT_NAME, 'Alpha']);
    expect(names(await call('GET', '/organization/projects?include_archived=true'))).toEqual([
      DEFAULT_PROJECT_NAME,
      'Alpha',
      'Old',
    ]);
    expectError(await call('GET', '/organization/projects?include_archived=yes'), 400, /include_archived/);
  });

  it('should create, rename and archive a project', async () => {
    const created = await call('POST', '/organization/projects', { body: { name: 'Gamma' } });
    expect(created.body).toMatchObject({ object: 'organization.project', name: 'Gamma', status: 'active' });
    const renamed = await call('POST', `/organization/projects/${created.body.id}`, {
      body: { name: 'Gamma 2' },
    });
    expect(renamed.body.name).toBe('Gamma 2');
    now += 10;
    const archived = await call('POST', `/organization/projects/${created.body.id}/archive`);
    expect(archived.body).toMatchObject({ status: 'archived', archived_at: NOW + 10 });
    expectError(
      await call('POST', `/organization/projects/${created.body.id}`, { body: { name: 'x' } }),
      400,
      /archived projects cannot be updated/,
    );
  });

  it('should refuse to modify or archive the Default project', async () => {
    expectError(
      await call('POST', `/organization/projects/${DEFAULT_PROJECT_ID}`, { body: { name: 'Mine' } }),
      400,
      /Default project cannot be modified/,
    );
    expectError(
      await call('POST', `/organization/projects/${DEFAULT_PROJECT_ID}/archive`),
      400,
      /cannot be archived/,
    );
  });

  it('should answer 404 for an unknown project', async () => {
    expectError(
      await call('GET', '/organization/projects/proj_nope'),
      404,
      /No project found with id 'proj_nope'/,
    );
  });
});

describe('project users', () => {
  let alphaId: string;
  let ritaId: string;

  beforeEach(() => {
    alphaId = fake.state.addProject({ name: 'Alpha' }).id;
    ritaId = fake.state.addUser({ email: 'rita@uni.example', name: 'Rita' }).id;
  });

  it('should add an org member by user_id or by email', async () => {
    const byId = await call('POST', `/organization/projects/${alphaId}/users`, {
      body: { user_id: ritaId, role: 'member' },
    });
    expect(byId.body).toEqual({
      object: 'organization.project.user',
      id: ritaId,
      name: 'Rita',
      email: 'rita@uni.example',
      role: 'member',
      added_at: NOW,
    });
    const olga = fake.state.addUser({ email: 'olga@uni.example' });
    const byEmail = await call('POST', `/organization/projects/${alphaId}/users`, {
      body: { email: 'olga@uni.example', role: 'owner' },
    });
    expect(byEmail.body).toMatchObject({ id: olga.id, role: 'owner' });
  });

  it('should answer 400 for someone who is not an org member', async () => {
    const byId = await call('POST', `/organization/projects/${alphaId}/users`, {
      body: { user_id: 'user-nobody', role: 'member' },
    });
    expectError(byId, 400, /not a member of this organization\. Invite them/);
    const byEmail = await call('POST', `/organization/projects/${alphaId}/users`, {
      body: { email: 'stranger@uni.example', role: 'member' },
    });
    expectError(byEmail, 400, /No member of this organization has the email 'stranger@uni.example'/);
  });

  it('should answer 400 for someone who is a member already, naming how to change the role', async () => {
    fake.state.addProjectUser(alphaId, ritaId, 'member');
    const reply = await call('POST', `/organization/projects/${alphaId}/users`, {
      body: { user_id: ritaId, role: 'owner' },
    });
    expectError(reply, 400, /already a member of project .* with role 'member'. To change the role, POST/);
  });

  it('should refuse members for the Default project', async () => {
    const reply = await call('POST', `/organization/projects/${DEFAULT_PROJECT_ID}/users`, {
      body: { user_id: ritaId, role: 'member' },
    });
    expectError(reply, 400, /Default project cannot take members directly/);
  });

  it('should answer 400 on an archived project for list, create, update and delete', async () => {
    fake.state.addProjectUser(alphaId, ritaId, 'member');
    fake.state.archiveProject(alphaId);
    const archived = /is archived\. Archived projects have no users/;
    expectError(await call('GET', `/organization/projects/${alphaId}/users`), 400, archived);
    expectError(
      await call('POST', `/organization/projects/${alphaId}/users`, {
        body: { user_id: ritaId, role: 'member' },
      }),
      400,
      archived,
    );
    expectError(
      await call('POST', `/organization/projects/${alphaId}/users/${ritaId}`, { body: { role: 'owner' } }),
      400,
      archived,
    );
    expectError(await call('DELETE', `/organization/projects/${alphaId}/users/${ritaId}`), 400, archived);
    expect(() => fake.state.addProjectUser(alphaId, ritaId, 'member')).toThrow(/archived/);
  });

  it('should retrieve, change and remove a membership', async () => {
    fake.state.addProjectUser(alphaId, ritaId, 'member');
    const path = `/organization/projects/${alphaId}/users/${ritaId}`;
    expect((await call('GET', path)).body).toMatchObject({ id: ritaId, role: 'member' });
    expect((await call('POST', path, { body: { role: 'owner' } })).body).toMatchObject({ role: 'owner' });
    expect((await call('DELETE', path)).body).toEqual({
      object: 'organization.project.user.deleted',
      id: ritaId,
      deleted: true,
    });
    expectError(await call('GET', path), 404, /is not a member of project/);
  });

  it('should answer 404 for an unknown project or user', async () => {
    expectError(await call('GET', '/organization/projects/proj_nope/users'), 404, /No project found/);
    expectError(
      await call('GET', `/organization/projects/${alphaId}/users/user-nobody`),
      404,
      /No user found/,
    );
    expectError(
      await call('DELETE', `/organization/projects/${alphaId}/users/${ritaId}`),
      404,
      /not a member/,
    );
  });
});

describe('cursor paging', () => {
  it('should page with limit and after, reporting first_id, last_id and has_more', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => fake.state.addUser({ email: `u${i}@uni.example` }).id);
    const first = await call('GET', '/organization/users');
    expect(first.body).toMatchObject({ object: 'list', first_id: ids[0], last_id: ids[19], has_more: true });
    expect(first.body.data).toHaveLength(20);
    const second = await call('GET', `/organization/users?limit=20&after=${ids[19]}`);
    expect(second.body).toMatchObject({ first_id: ids[20], last_id: ids[39], has_more: true });
    const last = await call('GET', `/organization/users?limit=100&after=${ids[39]}`);
    expect(last.body).toMatchObject({ first_id: ids[40], last_id: ids[44], has_more: false });
    expect(last.body.data).toHaveLength(5);
  });

  it('should answer an empty page with null ids', async () => {
    expect((await call('GET', '/organization/invites')).body).toEqual({
      object: 'list',
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
  });

  it('should keep a cursor valid after its object was deleted', async () => {
    const ids = Array.from({ length: 4 }, (_, i) => fake.state.addUser({ email: `u${i}@uni.example` }).id);
    await call('DELETE', `/organization/users/${ids[1]}`);
    const page = await call('GET', `/organization/users?after=${ids[1]}`);
    expect(page.body.data.map((u: { id: string }) => u.id)).toEqual([ids[2], ids[3]]);
  });

  it('should answer 400 for a limit out of range or an unknown cursor', async () => {
    const zero = await call('GET', '/organization/projects?limit=0');
    expectError(zero, 400, /Expected a value >= 1, but got 0/);
    expect(zero.body.error).toMatchObject({ param: 'limit', code: 'integer_below_min_value' });
    expectError(
      await call('GET', '/organization/invites?limit=101'),
      400,
      /Expected a value <= 100, but got 101/,
    );
    expectError(await call('GET', '/organization/users?limit=ten'), 400, /expected an integer/);
    expectError(
      await call('GET', '/organization/users?after=user-gone'),
      400,
      /no object with id 'user-gone'/,
    );
  });
});

describe('costs', () => {
  let alphaId: string;
  let betaId: string;

  beforeEach(() => {
    alphaId = fake.state.addProject({ name: 'Alpha' }).id;
    betaId = fake.state.addProject({ name: 'Beta' }).id;
  });

  it('should answer one UTC-day bucket per day with the org total, and no result on a day without cost', async () => {
    fake.state.setDailyCost(alphaId, MIDNIGHT - 2 * DAY, 1.25);
    fake.state.setDailyCost(alphaId, MIDNIGHT - 2 * DAY + 5_000, 0.5, 'gpt-4o, output');
    fake.state.setDailyCost(betaId, MIDNIGHT - 2 * DAY, 0.1);
    const reply = await call(
      'GET',
      `/organization/costs?start_time=${MIDNIGHT - 3 * DAY}&end_time=${MIDNIGHT}`,
    );
    expect(reply.body).toEqual({
      object: 'page',
      has_more: false,
      next_page: null,
      data: [
        { object: 'bucket', start_time: MIDNIGHT - 3 * DAY, end_time: MIDNIGHT - 2 * DAY, results: [] },
        {
          object: 'bucket',
          start_time: MIDNIGHT - 2 * DAY,
          end_time: MIDNIGHT - DAY,
          results: [
            {
              object: 'organization.costs.result',
              amount: { value: 1.85, currency: 'usd' },
              line_item: null,
              project_id: null,
              api_key_id: null,
              quantity: null,
              quantity_unit: null,
            },
          ],
        },
        { object: 'bucket', start_time: MIDNIGHT - DAY, end_time: MIDNIGHT, results: [] },
      ],
    });
  });

  it('should group by project and line item, and filter by project_ids', async () => {
    fake.state.setDailyCost(alphaId, MIDNIGHT - DAY, 1, 'gpt-4o, input');
    fake.state.setDailyCost(alphaId, MIDNIGHT - DAY, 2, 'gpt-4o, output');
    fake.state.setDailyCost(alphaId, MIDNIGHT - DAY, 3, 'gpt-4o, output'); // replaces the 2
    fake.state.setDailyCost(betaId, MIDNIGHT - DAY, 4, 'gpt-4o, input');
    const start = MIDNIGHT - DAY;

    const byProject = await call(
      'GET',
      `/organization/costs?start_time=${start}&end_time=${MIDNIGHT}&group_by[]=project_id`,
    );
    const rows = byProject.body.data[0].results.map(
      (r: { project_id: string; amount: { value: number } }) => [r.project_id, r.amount.value],
    );
    expect(rows).toEqual([
      [alphaId, 4],
      [betaId, 4],
    ]);

    const byBoth = await call(
      'GET',
      `/organization/costs?start_time=${start}&end_time=${MIDNIGHT}&group_by[]=project_id&group_by[]=line_item&project_ids[]=${alphaId}`,
    );
    expect(byBoth.body.data[0].results).toEqual([
      expect.objectContaining({
        project_id: alphaId,
        line_item: 'gpt-4o, input',
        amount: { value: 1, currency: 'usd' },
      }),
      expect.objectContaining({
        project_id: alphaId,
        line_item: 'gpt-4o, output',
        amount: { value: 3, currency: 'usd' },
      }),
    ]);
  });

  it('should count limit in buckets (default 7) and continue through next_page', async () => {
    fake.state.setDailyCost(alphaId, MIDNIGHT - 9 * DAY, 1);
    fake.state.setDailyCost(alphaId, MIDNIGHT - DAY, 2);
    const range = `start_time=${MIDNIGHT - 10 * DAY}&end_time=${MIDNIGHT}`;
    const first = await call('GET', `/organization/costs?${range}`);
    expect(first.body.data).toHaveLength(7);
    expect(first.body).toMatchObject({ has_more: true, next_page: expect.any(String) });

    const second = await call('GET', `/organization/costs?${range}&page=${first.body.next_page}`);
    expect(second.body.data.map((b: { start_time: number }) => b.start_time)).toEqual([
      MIDNIGHT - 3 * DAY,
      MIDNIGHT - 2 * DAY,
      MIDNIGHT - DAY,
    ]);
    expect(second.body).toMatchObject({ has_more: false, next_page: null });
    const total = [...first.body.data, ...second.body.data]
      .flatMap((b: { results: { amount: { value: number } }[] }) => b.results)
      .reduce((sum: number, r: { amount: { value: number } }) => sum + r.amount.value, 0);
    expect(total).toBe(3);

    const month = await call('GET', `/organization/costs?${range}&limit=31`);
    expect(month.body).toMatchObject({ has_more: false });
    expect(month.body.data).toHaveLength(10);
  });

  it('should align buckets to UTC midnight and run up to now without end_time', async () => {
    fake.state.setDailyCost(alphaId, NOW, 0.2);
    const reply = await call('GET', `/organization/costs?start_time=${MIDNIGHT - DAY + 3_600}`);
    expect(reply.body.data.map((b: { start_time: number }) => b.start_time)).toEqual([
      MIDNIGHT - DAY,
      MIDNIGHT,
    ]);
    expect(reply.body.data[1].results[0].amount.value).toBe(0.2);
  });

  it('should answer 400 for bad parameters', async () => {
    expectError(await call('GET', '/organization/costs'), 400, /Missing required parameter: 'start_time'/);
    expectError(await call('GET', `/organization/costs?start_time=${MIDNIGHT}&bucket_width=1h`), 400, /'1d'/);
    expectError(await call('GET', `/organization/costs?start_time=${MIDNIGHT}&limit=181`), 400, /<= 180/);
    expectError(
      await call('GET', `/organization/costs?start_time=${MIDNIGHT}&group_by[]=model`),
      400,
      /group_by/,
    );
    expectError(
      await call('GET', `/organization/costs?start_time=${MIDNIGHT}&page=garbage`),
      400,
      /next_page/,
    );
    expectError(
      await call('GET', `/organization/costs?start_time=${MIDNIGHT}&end_time=${MIDNIGHT}`),
      400,
      /after/,
    );
  });
});

describe('spend limits', () => {
  let alphaId: string;

  beforeEach(() => {
    alphaId = fake.state.addProject({ name: 'Alpha' }).id;
  });

  it('should set, read and delete a limit in integer cents', async () => {
    const path = `/organization/projects/${alphaId}/spend_limit`;
    expectError(await call('GET', path), 404, /has no hard spend limit/);
    const set = await call('POST', path, {
      body: { threshold_amount: 10_000, currency: 'USD', interval: 'month' },
    });
    expect(set.body).toEqual({
      object: 'project.spend_limit',
      threshold_amount: 10_000,
      currency: 'USD',
      interval: 'month',
      enforcement: { status: 'inactive' },
    });
    expect((await call('GET', path)).body.threshold_amount).toBe(10_000);
    expect((await call('DELETE', path)).body).toEqual({
      object: 'project.spend_limit.deleted',
      deleted: true,
    });
    expectError(await call('DELETE', path), 404, /has no hard spend limit/);
  });

  it('should enforce once this month reaches the limit, unless a test forces the state', () => {
    fake.state.setSpendLimit(alphaId, { thresholdCents: 500 });
    fake.state.setDailyCost(alphaId, MIDNIGHT - 30 * DAY, 100); // last month
    fake.state.setDailyCost(alphaId, MIDNIGHT - DAY, 4.99);
    expect(fake.state.spendLimit(alphaId)?.enforcement.status).toBe('inactive');
    fake.state.setDailyCost(alphaId, MIDNIGHT, 0.01);
    expect(fake.state.spendLimit(alphaId)?.enforcement.status).toBe('enforcing');
    fake.state.setSpendLimit(alphaId, { thresholdCents: 500, enforcing: false });
    expect(fake.state.spendLimit(alphaId)?.enforcement.status).toBe('inactive');
  });

  it('should validate the body', async () => {
    const path = `/organization/projects/${alphaId}/spend_limit`;
    const dollars = await call('POST', path, {
      body: { threshold_amount: 99.5, currency: 'USD', interval: 'month' },
    });
    expectError(dollars, 400, /expected an integer/);
    const lower = await call('POST', path, {
      body: { threshold_amount: 100, currency: 'usd', interval: 'month' },
    });
    expectError(lower, 400, /Supported values are: 'USD'/);
  });
});

describe('failNext', () => {
  const USERS = '/organization/users';

  it('should answer a scripted 500 once, then handle requests normally, recording both', async () => {
    fake.failNext({ method: 'GET', path: USERS }, { status: 500 });
    const failed = await call('GET', USERS);
    expectError(failed, 500, /server had an error/);
    expect(failed.body.error.type).toBe('server_error');
    expect((await call('GET', USERS)).status).toBe(200);
    expect(fake.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['GET', USERS, 500],
      ['GET', USERS, 200],
    ]);
  });

  it('should match by regex and method, use failures in order and honour times', async () => {
    fake.failNext({ path: /^\/organization\/projects/ }, { status: 503, times: 2 });
    fake.failNext({ method: 'GET', path: /^\/organization\/projects/ }, { status: 502 });
    expect((await call('GET', '/organization/users')).status).toBe(200);
    expect((await call('GET', '/organization/projects')).status).toBe(503);
    expect((await call('POST', '/organization/projects', { body: { name: 'x' } })).status).toBe(503);
    expect((await call('POST', '/organization/projects', { body: { name: 'y' } })).status).toBe(200);
    expect((await call('GET', `/organization/projects/${DEFAULT_PROJECT_ID}`)).status).toBe(502);
    expect((await call('GET', '/organization/projects')).status).toBe(200);
    // A scripted failure changes nothing: only 'y' was created.
    expect(fake.state.projects().map((p) => p.name)).toEqual([DEFAULT_PROJECT_NAME, 'y']);
    expect(fake.callCount('post', '/organization/projects')).toBe(2);
    expect(fake.callCount('GET', /^\/organization\/projects/)).toBe(3);
  });

  it('should send scripted headers and bodies, such as a 429 with retry-after', async () => {
    const body = {
      error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    };
    fake.failNext({ path: USERS }, { status: 429, headers: { 'retry-after': '1' }, body });
    const reply = await call('GET', USERS);
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('1');
    expect(reply.body).toEqual(body);
  });

  it('should send a malformed body verbatim', async () => {
    fake.failNext({ path: USERS }, { status: 200, rawBody: '{"object": "list", "data": [' });
    const reply = await call('GET', USERS);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"object": "list", "data": [');
  });

  it('should delay an answer so that a client can time out', async () => {
    fake.failNext(
      { path: USERS },
      { status: 200, delayMs: 2_000, body: { object: 'list', data: [], has_more: false } },
    );
    const started = Date.now();
    await expect(call('GET', USERS, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((await call('GET', USERS)).status).toBe(200);
  });

  it('should carry the request out before failing when asked, like a response lost on the way back', async () => {
    fake.failNext({ method: 'POST', path: '/organization/invites' }, { status: 504, applyRequest: true });
    const reply = await call('POST', '/organization/invites', {
      body: { email: 'a@uni.example', role: 'reader' },
    });
    expect(reply.status).toBe(504);
    expect(fake.state.invites().map((i) => i.email)).toEqual(['a@uni.example']);
  });

  it('should close promptly while a delayed answer is pending', async () => {
    fake.failNext({ path: USERS }, { status: 200, delayMs: 10_000 });
    const pending = call('GET', USERS).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await pending;
  });

  it('should refuse a times that is not a positive integer', () => {
    expect(() => fake.failNext({ path: USERS }, { status: 500, times: 0 })).toThrow(/positive integer/);
  });
});

describe('hold', () => {
  let alphaId: string;
  let ritaId: string;
  let membership: string;

  beforeEach(() => {
    alphaId = fake.state.addProject({ name: 'Alpha' }).id;
    ritaId = fake.state.addUser({ email: 'rita@uni.example', name: 'Rita' }).id;
    fake.state.addProjectUser(alphaId, ritaId, 'member');
    membership = `/organization/projects/${alphaId}/users/${ritaId}`;
  });

  it('should carry a held request out only once it is released, and let the next one through', async () => {
    const held = fake.hold({ method: 'DELETE', path: /^\/organization\/projects\/[^/]+\/users\/[^/]+$/ });
    const deleting = call('DELETE', membership);
    expect((await held.reached).path).toBe(membership);
    expect((await call('GET', membership)).body).toMatchObject({ id: ritaId, role: 'member' });
    held.release();
    expect((await deleting).status).toBe(200);
    expect(fake.state.projectUsers(alphaId).map((u) => u.id)).not.toContain(ritaId);
    expect(fake.calls.map((c) => [c.method, c.status])).toEqual([
      ['DELETE', 200],
      ['GET', 200],
    ]);
  });

  it('should read at once and deliver the answer late with answerFirst', async () => {
    const held = fake.hold({ method: 'GET', path: membership }, { answerFirst: true });
    const reading = call('GET', membership);
    await held.reached;
    expect((await call('DELETE', membership)).status).toBe(200);
    held.release();
    expect((await reading).body).toMatchObject({ id: ritaId, role: 'member' });
    expect(fake.state.projectUsers(alphaId).map((u) => u.id)).not.toContain(ritaId);
  });
});

describe('invite rate limit', () => {
  const INVITES = '/organization/invites';

  it('should answer creates beyond the limit in one second with 429 and Retry-After, changing nothing', async () => {
    fake.setInviteRateLimit(2);
    const replies = [];
    for (const email of ['a@uni.example', 'b@uni.example', 'c@uni.example']) {
      replies.push(await call('POST', INVITES, { body: { email, role: 'reader' } }));
    }
    expect(replies.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(Number(replies[2]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(replies[2]?.body.error.code).toBe('rate_limit_exceeded');
    expect(fake.state.invites().map((i) => i.email)).not.toContain('c@uni.example');
    // Reads are not limited.
    expect((await call('GET', INVITES)).status).toBe(200);
    fake.setInviteRateLimit(undefined);
    expect((await call('POST', INVITES, { body: { email: 'c@uni.example', role: 'reader' } })).status).toBe(
      200,
    );
  });
});
