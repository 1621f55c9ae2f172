import { describe, expect, it } from 'vitest';
import {
  lastKeyUse,
  type OffboardingFacts,
  recentlyUsedKeys,
  soleOwnerProjects,
} from '../../src/domain/offboarding.js';

const NOW = new Date('2026-12-03T09:00:00Z');
const key = (id: string, lastUsedAt: string | null) => ({
  id,
  name: id,
  redactedValue: 'sk-proj-****abcd',
  projectId: 'proj_a',
  projectName: 'Alpha',
  lastUsedAt,
  createdAt: '2026-01-01T00:00:00Z',
});
const colleague = (id: string) => ({ openaiUserId: id, email: `${id}@uni.example`, name: id });

const facts = (over: Partial<OffboardingFacts> = {}): OffboardingFacts => ({
  openaiUserId: 'user-bob',
  email: 'bob@uni.example',
  name: 'Bob',
  orgRole: 'reader',
  slackUserId: 'UBOB',
  projects: [],
  keys: [],
  keysListed: true,
  ...over,
});

describe('recentlyUsedKeys', () => {
  it('should flag keys used within the last 7 days, not older or never-used ones', () => {
    const keys = [
      key('today', '2026-12-03T08:00:00Z'),
      key('edge', '2026-11-26T09:00:00Z'),
      key('old', '2026-11-26T08:59:59Z'),
      key('never', null),
    ];
    expect(recentlyUsedKeys(facts({ keys }), NOW).map((k) => k.id)).toEqual(['today', 'edge']);
  });
});

describe('soleOwnerProjects', () => {
  it('should name the projects the person owns alone, not those with another owner or where they are a member', () => {
    const projects = [
      {
        projectId: 'a',
        projectName: 'Alone',
        role: 'owner',
        otherOwners: [],
        otherMembers: [colleague('carl')],
      },
      {
        projectId: 'b',
        projectName: 'Shared',
        role: 'owner',
        otherOwners: [colleague('olga')],
        otherMembers: [],
      },
      { projectId: 'c', projectName: 'Member', role: 'member', otherOwners: [], otherMembers: [] },
    ];
    expect(soleOwnerProjects(facts({ projects })).map((p) => p.projectName)).toEqual(['Alone']);
  });
});

describe('lastKeyUse', () => {
  it('should answer the newest use, or null when no key was used', () => {
    expect(
      lastKeyUse([key('a', '2026-10-01T00:00:00Z'), key('b', '2026-11-01T00:00:00Z'), key('c', null)]),
    ).toBe('2026-11-01T00:00:00Z');
    expect(lastKeyUse([key('c', null)])).toBeNull();
  });
});
