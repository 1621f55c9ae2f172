import { describe, expect, it } from 'vitest';
import { adminOperationOf } from '../../src/openai/admin-metrics.js';
import { FAKE_ADMIN_ROUTES } from '../fakes/fake-openai-admin.js';

const BASE = 'https://api.openai.com/v1';
/** A route's path with its ids filled in, as the SDK sends it. */
const concrete = (template: string) =>
  template.replace(/\{([a-z_]+)\}/g, (_, name: string) => `${name.replace('_id', '')}_Xyz-123@example.org`);

describe('adminOperationOf', () => {
  it('should name every route the Admin API offers, by resource and verb, with no id in the name', () => {
    const names = FAKE_ADMIN_ROUTES.map((route) =>
      adminOperationOf(route.method, `${BASE}${concrete(route.path)}`),
    );
    expect(names).not.toContain('other');
    expect(names.filter((name) => !/^[a-z_]+(?:\.[a-z_]+)+$/.test(name))).toEqual([]);
    // One name per route: two routes never share a name, so a count says which call it was.
    expect(new Set(names).size).toBe(FAKE_ADMIN_ROUTES.length);
  });

  it('should use the SDK’s names for the calls the bot makes', () => {
    const op = (method: string, path: string) =>
      adminOperationOf(method, `${BASE}${path}?limit=100&after=user_1`);
    expect(op('POST', '/organization/projects/proj_1/users')).toBe('projects.users.create');
    expect(op('GET', '/organization/projects/proj_1/users')).toBe('projects.users.list');
    expect(op('GET', '/organization/projects/proj_1/users/user-1')).toBe('projects.users.retrieve');
    expect(op('POST', '/organization/projects/proj_1/users/user-1')).toBe('projects.users.update');
    expect(op('DELETE', '/organization/projects/proj_1/users/user-1')).toBe('projects.users.delete');
    expect(op('GET', '/organization/users')).toBe('users.list');
    expect(op('POST', '/organization/invites')).toBe('invites.create');
    expect(op('DELETE', '/organization/invites/invite-1')).toBe('invites.delete');
    expect(op('GET', '/organization/costs')).toBe('usage.costs');
    expect(op('GET', '/organization/projects/proj_1/spend_limit')).toBe('projects.spend_limit.retrieve');
    expect(op('POST', '/organization/projects/proj_1/archive')).toBe('projects.archive');
  });

  it('should answer `other` for a path it does not know, rather than put the path in a label', () => {
    expect(adminOperationOf('GET', `${BASE}/organization/projects/proj_1/users/user-1/extra`)).toBe('other');
    expect(adminOperationOf('GET', `${BASE}/organization/someone@example.org`)).toBe('other');
    expect(adminOperationOf('GET', `${BASE}/chat/completions`)).toBe('other');
    expect(adminOperationOf('PATCH', `${BASE}/organization/projects`)).toBe('other');
    expect(adminOperationOf('GET', 'not a url')).toBe('other');
  });
});
