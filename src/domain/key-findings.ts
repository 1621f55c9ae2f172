/**
 * Key hygiene rules: which of a project's API keys need a person's attention, and why. Pure: the
 * keys, the org's user ids and the project's tier come in; findings go out.
 */

export const PROJECT_TIERS = ['production', 'staging', 'development', 'research'] as const;
export type ProjectTier = (typeof PROJECT_TIERS)[number];

export function isProjectTier(text: string): text is ProjectTier {
  return (PROJECT_TIERS as readonly string[]).includes(text);
}

/** A project API key as the rules need it (from OpenAI's `ProjectApiKey`). Times are unix seconds. */
export interface KeyFacts {
  id: string;
  name: string;
  redactedValue: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** Whether the owner can still use the project, as OpenAI says. */
  ownerAccess: 'active' | 'inactive' | null;
  owner:
    | { type: 'user'; id: string; email: string | null; name: string | null }
    | { type: 'service_account'; id: string; name: string | null };
}

export type KeyReason =
  /** The key's user is no longer an org user: nobody answers for it. */
  | { kind: 'owner_left_org' }
  /** The owner is in the org but has no access to the project any more (or the service account was removed). */
  | { kind: 'owner_not_in_project' }
  | { kind: 'unused'; days: number }
  | { kind: 'never_used'; ageDays: number }
  /** A person's own key in a project an admin marked production: production should run on service accounts. */
  | { kind: 'personal_key_in_production' }
  /** A service-account key older than KEY_MAX_AGE_DAYS. */
  | { kind: 'rotation_due'; ageDays: number };

export interface KeyFinding {
  key: KeyFacts;
  reasons: KeyReason[];
  /**
   * What the finding is, without what merely ages (day counts): the same fingerprint next week
   * means nothing new to tell; a new reason makes a new fingerprint.
   */
  fingerprint: string;
  /** Only a user's key can be deleted on its own; a service account's goes with the account. */
  deletable: boolean;
}

export interface KeyRules {
  now: Date;
  unusedDays: number;
  maxAgeDays: number;
  tier: ProjectTier | undefined;
  /** Every org user's id: a key whose user is not among them belongs to someone who left. */
  orgUserIds: ReadonlySet<string>;
}

const DAY_SECONDS = 86_400;

/**
 * The reasons a key is reported, in the order a reader should weigh them.
 *
 * Example: a user key last used 120 days ago, rules with unusedDays 90 → [{ kind: 'unused', days: 120 }]
 */
export function reasonsFor(key: KeyFacts, rules: KeyRules): KeyReason[] {
  const nowSeconds = Math.floor(rules.now.getTime() / 1000);
  const daysSince = (at: number) => Math.floor((nowSeconds - at) / DAY_SECONDS);
  const reasons: KeyReason[] = [];
  if (key.owner.type === 'user' && !rules.orgUserIds.has(key.owner.id)) {
    reasons.push({ kind: 'owner_left_org' });
  } else if (key.ownerAccess === 'inactive') {
    reasons.push({ kind: 'owner_not_in_project' });
  }
  const ageDays = daysSince(key.createdAt);
  if (key.lastUsedAt === null) {
    if (ageDays >= rules.unusedDays) reasons.push({ kind: 'never_used', ageDays });
  } else if (daysSince(key.lastUsedAt) >= rules.unusedDays) {
    reasons.push({ kind: 'unused', days: daysSince(key.lastUsedAt) });
  }
  if (key.owner.type === 'user' && rules.tier === 'production') {
    reasons.push({ kind: 'personal_key_in_production' });
  }
  if (key.owner.type === 'service_account' && ageDays >= rules.maxAgeDays) {
    reasons.push({ kind: 'rotation_due', ageDays });
  }
  return reasons;
}

/** The keys of one project that need attention, oldest key first. */
export function keyFindings(keys: readonly KeyFacts[], rules: KeyRules): KeyFinding[] {
  return keys
    .map((key) => ({ key, reasons: reasonsFor(key, rules) }))
    .filter(({ reasons }) => reasons.length > 0)
    .sort((a, b) => a.key.createdAt - b.key.createdAt || a.key.id.localeCompare(b.key.id))
    .map(({ key, reasons }) => ({
      key,
      reasons,
      fingerprint: fingerprintOf(key.id, reasons),
      deletable: key.owner.type === 'user',
    }));
}

export function fingerprintOf(keyId: string, reasons: readonly KeyReason[]): string {
  return `${keyId}:${reasons
    .map((r) => r.kind)
    .sort()
    .join('+')}`;
}

/**
 * Which findings are news: a key not reported before, or reported with another fingerprint.
 * `reported` maps key ids to the fingerprint last told.
 */
export function newFindings(
  findings: readonly KeyFinding[],
  reported: ReadonlyMap<string, string>,
): KeyFinding[] {
  return findings.filter((f) => reported.get(f.key.id) !== f.fingerprint);
}
