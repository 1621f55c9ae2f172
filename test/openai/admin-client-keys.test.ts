import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApi, createAdminClient } from '../../src/openai/admin-client.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';

const KEYS = /^\/organization\/projects\/[^/]+\/api_keys$/;

let fake: FakeOpenAIAdmin;
let admin: AdminApi;

beforeEach(async () => {
  fake = await startFakeOpenAIAdmin();
  admin = createAdminClient({ adminKey: fake.adminKey, baseURL: fake.baseURL, maxRetries: 0 });
});

afterEach(async () => {
  await fake.close();
});

describe('listProjectApiKeys', () => {
  it("should list every key, a departed owner's too, 100 a page, counting the pages", async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const rita = fake.state.addUser({ email: 'rita@uni.example', name: 'Rita' });
    fake.state.addProjectUser(alpha.id, rita.id, 'member');
    for (let i = 0; i < 150; i++) {
      fake.state.addApiKey({ projectId: alpha.id, owner: { serviceAccount: { name: `svc${i}` } } });
    }
    const gone = fake.state.addUser({ email: 'gone@uni.example', name: 'Gone' });
    fake.state.addApiKey({ projectId: alpha.id, owner: { userId: rita.id }, lastUsedAt: 1_700_000_000 });
    const stale = fake.state.addApiKey({ projectId: alpha.id, owner: { userId: gone.id } });
    fake.state.removeUser(gone.id);

    const { keys, pages } = await admin.listProjectApiKeys(alpha.id);

    expect(pages).toBe(2);
    expect(fake.callCount('GET', KEYS)).toBe(2);
    expect(fake.calls[0]?.query).toMatchObject({ owner_project_access: 'any', limit: '100' });
    expect(keys).toHaveLength(152);
    expect(keys.find((k) => k.id === stale.id)).toMatchObject({
      owner_project_access: 'inactive',
      owner: { type: 'user', user: { id: gone.id, email: 'gone@uni.example' } },
      last_used_at: null,
    });
  });

  it('should take one call for a project without keys', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    expect(await admin.listProjectApiKeys(alpha.id)).toEqual({ keys: [], pages: 1 });
  });
});

describe('deleteProjectApiKey', () => {
  it('should delete a user key, and count a key gone already as done', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const rita = fake.state.addUser({ email: 'rita@uni.example', name: 'Rita' });
    const key = fake.state.addApiKey({ projectId: alpha.id, owner: { userId: rita.id } });

    expect(await admin.deleteProjectApiKey(alpha.id, key.id)).toBe('deleted');
    expect(fake.state.apiKey(alpha.id, key.id)).toBeUndefined();
    expect(await admin.deleteProjectApiKey(alpha.id, key.id)).toBe('already_gone');
  });

  it("should refuse a service account's key with OpenAI's reason", async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const key = fake.state.addApiKey({ projectId: alpha.id, owner: { serviceAccount: { name: 'ci' } } });
    await expect(admin.deleteProjectApiKey(alpha.id, key.id)).rejects.toMatchObject({
      kind: 'bad_request',
      message: expect.stringMatching(/Delete the service account instead/),
    });
  });
});

describe('listOrgUsers', () => {
  it('should list every org user in pages of 100', async () => {
    for (let i = 0; i < 250; i++) fake.state.addUser({ email: `p${i}@uni.example` });
    const { users, pages } = await admin.listOrgUsers();
    expect(users).toHaveLength(250);
    expect(pages).toBe(3);
    expect(fake.callCount('GET', '/organization/users')).toBe(3);
  });
});
