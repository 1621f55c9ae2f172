/**
 * Offboarding rules (pure): what a departing person's card shows and flags. A key used in the last
 * RECENT_KEY_DAYS may still run something; a project where they are the only owner would be left
 * with none, and its other members are who could take over.
 */

/** How recent a key's last use must be to warn that something may still run on it. */
export const RECENT_KEY_DAYS = 7;

export interface ProjectMembership {
  projectId: string;
  projectName: string;
  role: string;
  /** The project's other owners (who are told when the person is removed). */
  otherOwners: readonly Colleague[];
  /** The project's other members, who could take over as owner. */
  otherMembers: readonly Colleague[];
}

export interface Colleague {
  openaiUserId: string;
  email: string | null;
  name: string | null;
}

/** A project API key owned by the person; `redactedValue` is OpenAI's own redaction, never the secret. */
export interface OwnedKey {
  id: string;
  name: string;
  redactedValue: string;
  projectId: string;
  projectName: string;
  /** ISO-8601 UTC; null when never used. */
  lastUsedAt: string | null;
  createdAt: string;
}

/** Everything the admins' card says about one person, gathered when the card is raised. */
export interface OffboardingFacts {
  openaiUserId: string;
  email: string | null;
  name: string | null;
  orgRole: string | null;
  slackUserId: string | null;
  projects: readonly ProjectMembership[];
  keys: readonly OwnedKey[];
  /** False when the keys could not be listed: the card says so instead of showing none. */
  keysListed: boolean;
}

export function recentlyUsedKeys(facts: OffboardingFacts, now: Date): OwnedKey[] {
  const since = now.getTime() - RECENT_KEY_DAYS * 24 * 3600 * 1000;
  return facts.keys.filter((k) => k.lastUsedAt !== null && Date.parse(k.lastUsedAt) >= since);
}

/** Projects the person owns alone: removing them leaves the project with no owner. */
export function soleOwnerProjects(facts: OffboardingFacts): ProjectMembership[] {
  return facts.projects.filter((p) => p.role === 'owner' && p.otherOwners.length === 0);
}

export function keysIn(facts: OffboardingFacts, projectId: string): OwnedKey[] {
  return facts.keys.filter((k) => k.projectId === projectId);
}

/** The newest key use, or null when no key was ever used. */
export function lastKeyUse(keys: readonly Pick<OwnedKey, 'lastUsedAt'>[]): string | null {
  let last: string | null = null;
  for (const key of keys) {
    if (key.lastUsedAt && (!last || key.lastUsedAt > last)) last = key.lastUsedAt;
  }
  return last;
}
