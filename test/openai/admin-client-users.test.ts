import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApi, createAdminClient, EMAILS_PER_CALL } from '../../src/openai/admin-client.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';

const USERS = '/organization/users';

let fake: FakeOpenAIAdmin;
let admin: AdminApi;

beforeEach(async () => {
  fake = await startFakeOpenAIAdmin();
  admin = createAdminClient({ adminKey: fake.adminKey, baseURL: fake.baseURL, maxRetries: 0 });
});

afterEach(async () => {
  await fake.close();
});

describe('findUsersByEmails', () => {
  it('should find the org users among many emails with one filtered listing per 50 emails', async () => {
    const emails = Array.from({ length: 120 }, (_, i) => `person${i}@uni.example`);
    for (const email of emails.filter((_, i) => i % 3 === 0)) {
      fake.state.addUser({ email, name: email, role: 'reader' });
    }
    fake.state.addUser({ email: 'someone.else@uni.example', name: 'Else', role: 'reader' });

    const found = await admin.findUsersByEmails([...emails, 'PERSON0@uni.example']);

    expect(fake.callCount('GET', USERS)).toBe(Math.ceil(120 / EMAILS_PER_CALL));
    expect([...found.keys()].sort()).toEqual(emails.filter((_, i) => i % 3 === 0).sort());
    expect(found.get('person3@uni.example')?.email).toBe('person3@uni.example');
    expect(fake.calls[0]?.query['emails[]']).toHaveLength(EMAILS_PER_CALL);
  });

  it('should not call OpenAI at all for no emails', async () => {
    expect((await admin.findUsersByEmails([])).size).toBe(0);
    expect(fake.callCount('GET', USERS)).toBe(0);
  });
});
