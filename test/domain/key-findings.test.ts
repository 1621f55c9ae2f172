import { describe, expect, it } from 'vitest';
import { type KeyFacts, keyFindings, newFindings, reasonsFor } from '../../src/domain/key-findings.js';

const NOW = new Date('2026-12-03T09:00:00Z');
const DAY = 86_400;
const now = NOW.getTime() / 1000;

function key(overrides: Partial<KeyFacts> = {}): KeyFacts {
  return {
    id: 'key_1',
    name: 'notebook',
    redactedValue: 'sk-proj-****abcd',
    createdAt: now - 10 * DAY,
    lastUsedAt: now - DAY,
    ownerAccess: 'active',
    owner: { type: 'user', id: 'user-rita', email: 'rita@uni.example', name: 'Rita' },
    ...overrides,
  };
}

const rules = {
  now: NOW,
  unusedDays: 90,
  maxAgeDays: 365,
  tier: undefined,
  orgUserIds: new Set(['user-rita']),
};

describe('reasonsFor', () => {
  it('should find nothing wrong with a fresh key of a member', () => {
    expect(reasonsFor(key(), rules)).toEqual([]);
  });

  it('should tell an owner who left the org from one who only left the project', () => {
    expect(reasonsFor(key({ ownerAccess: 'inactive' }), { ...rules, orgUserIds: new Set() })).toEqual([
      { kind: 'owner_left_org' },
    ]);
    expect(reasonsFor(key({ ownerAccess: 'inactive' }), rules)).toEqual([{ kind: 'owner_not_in_project' }]);
  });

  it('should report a key unused for KEY_UNUSED_DAYS, and one never used that is older than that', () => {
    expect(reasonsFor(key({ lastUsedAt: now - 90 * DAY }), rules)).toEqual([{ kind: 'unused', days: 90 }]);
    expect(reasonsFor(key({ lastUsedAt: now - 89 * DAY }), rules)).toEqual([]);
    expect(reasonsFor(key({ lastUsedAt: null, createdAt: now - 100 * DAY }), rules)).toEqual([
      { kind: 'never_used', ageDays: 100 },
    ]);
    expect(reasonsFor(key({ lastUsedAt: null, createdAt: now - 5 * DAY }), rules)).toEqual([]);
  });

  it('should report a personal key only in a production project', () => {
    expect(reasonsFor(key(), { ...rules, tier: 'production' })).toEqual([
      { kind: 'personal_key_in_production' },
    ]);
    expect(reasonsFor(key(), { ...rules, tier: 'staging' })).toEqual([]);
    const service = key({ owner: { type: 'service_account', id: 'svc_1', name: 'ci' } });
    expect(reasonsFor(service, { ...rules, tier: 'production' })).toEqual([]);
  });

  it('should call a service-account key older than KEY_MAX_AGE_DAYS due for rotation, not a user key', () => {
    const old = { createdAt: now - 400 * DAY };
    const service = key({ ...old, owner: { type: 'service_account', id: 'svc_1', name: 'ci' } });
    expect(reasonsFor(service, rules)).toEqual([{ kind: 'rotation_due', ageDays: 400 }]);
    expect(reasonsFor(key(old), rules)).toEqual([]);
  });
});

describe('keyFindings and newFindings', () => {
  it('should keep the fingerprint while only the days grow, and change it with a new reason', () => {
    const unused = key({ lastUsedAt: now - 100 * DAY });
    const [first] = keyFindings([unused], rules);
    const [later] = keyFindings([unused], { ...rules, now: new Date(NOW.getTime() + 7 * DAY * 1000) });
    expect(later?.fingerprint).toBe(first?.fingerprint);
    const [changed] = keyFindings([{ ...unused, ownerAccess: 'inactive' }], rules);
    expect(changed?.fingerprint).not.toBe(first?.fingerprint);

    const reported = new Map([[unused.id, first?.fingerprint ?? '']]);
    expect(newFindings(later ? [later] : [], reported)).toEqual([]);
    expect(newFindings(changed ? [changed] : [], reported)).toHaveLength(1);
  });

  it('should only offer deletion of user keys', () => {
    const findings = keyFindings(
      [
        key({ id: 'key_u', lastUsedAt: null, createdAt: now - 200 * DAY }),
        key({
          id: 'key_s',
          createdAt: now - 400 * DAY,
          owner: { type: 'service_account', id: 's', name: 'ci' },
        }),
      ],
      rules,
    );
    expect(findings.map((f) => [f.key.id, f.deletable])).toEqual([
      ['key_s', false],
      ['key_u', true],
    ]);
  });
});
