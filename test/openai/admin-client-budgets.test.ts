import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApi, COSTS_PAGE_DAYS, createAdminClient } from '../../src/openai/admin-client.js';
import { type FakeOpenAIAdmin, startFakeOpenAIAdmin } from '../fakes/fake-openai-admin.js';

const DAY = 86_400;
const NOW = Date.parse('2026-11-23T10:00:00Z') / 1000;
const COSTS = '/organization/costs';
const SPEND_LIMIT = /^\/organization\/projects\/[^/]+\/spend_limit$/;

let fake: FakeOpenAIAdmin;
let admin: AdminApi;

beforeEach(async () => {
  fake = await startFakeOpenAIAdmin({ now: () => NOW });
  admin = createAdminClient({ adminKey: fake.adminKey, baseURL: fake.baseURL, maxRetries: 0 });
});

afterEach(async () => {
  await fake.close();
});

describe('dailyCosts', () => {
  it('should follow next_page through every page and sum each project’s days in whole cents', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    const beta = fake.state.addProject({ name: 'Beta' });
    const from = NOW - 69 * DAY; // 70 buckets: three pages of 31
    for (let day = 0; day < 70; day += 1) {
      fake.state.setDailyCost(alpha.id, from + day * DAY, 0.1);
      fake.state.setDailyCost(alpha.id, from + day * DAY, 0.2, 'gpt-4o, output');
      fake.state.setDailyCost(beta.id, from + day * DAY, 1.01);
    }

    const { costs, pages } = await admin.dailyCosts({ from: new Date(from * 1000) });

    expect(pages).toBe(Math.ceil(70 / COSTS_PAGE_DAYS));
    expect(fake.callCount('GET', COSTS)).toBe(3);
    const pageTokens = fake.calls.filter((c) => c.path === COSTS).map((c) => c.query.page);
    expect(pageTokens[0]).toBeUndefined();
    expect(pageTokens.slice(1).every((token) => typeof token === 'string')).toBe(true);
    const sum = (projectId: string) =>
      costs.filter((c) => c.projectId === projectId).reduce((total, c) => total + c.cents, 0);
    expect(costs.filter((c) => c.projectId === alpha.id)).toHaveLength(70);
    // Line items are summed by OpenAI per project and day ($0.30), then converted once.
    expect(sum(alpha.id)).toBe(70 * 30);
    expect(sum(beta.id)).toBe(70 * 101);
    expect(costs.find((c) => c.projectId === alpha.id)?.day).toBe('2026-09-15');
  });

  it('should ask for one day per bucket, grouped by project, in pages of 31 days', async () => {
    await admin.dailyCosts({ from: new Date((NOW - 3 * DAY) * 1000), projectIds: ['proj_x', 'proj_y'] });
    expect(fake.calls.at(-1)?.query).toMatchObject({
      bucket_width: '1d',
      'group_by[]': ['project_id'],
      'project_ids[]': ['proj_x', 'proj_y'],
      limit: String(COSTS_PAGE_DAYS),
    });
  });

  it('should fail with a message naming the operation when OpenAI rate-limits the costs report', async () => {
    fake.failNext({ path: COSTS }, { status: 429 });
    await expect(admin.dailyCosts({ from: new Date((NOW - DAY) * 1000) })).rejects.toMatchObject({
      kind: 'rate_limited',
      message: expect.stringContaining('Could not read the costs report (HTTP 429)'),
    });
  });
});

describe('hard limits', () => {
  it('should read no limit as undefined, then set, replace and remove it as the spec says', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    expect(await admin.getHardLimit(alpha.id)).toBeUndefined();

    expect(await admin.setHardLimit(alpha.id, 50_000)).toEqual({
      thresholdCents: 50_000,
      status: 'inactive',
      enforcing: false,
    });
    expect(fake.calls.at(-1)?.body).toEqual({ threshold_amount: 50_000, currency: 'USD', interval: 'month' });
    await admin.setHardLimit(alpha.id, 75_000);
    expect(fake.state.spendLimit(alpha.id)?.threshold_amount).toBe(75_000);

    await admin.removeHardLimit(alpha.id);
    expect(fake.state.spendLimit(alpha.id)).toBeUndefined();
    // Removing again (a double click, a retry) is not an error.
    await admin.removeHardLimit(alpha.id);
    expect(fake.callCount('DELETE', SPEND_LIMIT)).toBe(2);
  });

  it('should report a limit OpenAI is enforcing', async () => {
    const alpha = fake.state.addProject({ name: 'Alpha' });
    fake.state.setSpendLimit(alpha.id, { thresholdCents: 1_000 });
    fake.state.setDailyCost(alpha.id, NOW, 12.5);
    expect(await admin.getHardLimit(alpha.id)).toEqual({
      thresholdCents: 1_000,
      status: 'enforcing',
      enforcing: true,
    });
  });
});
