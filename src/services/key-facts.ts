import type { KeyFacts } from '../domain/key-findings.js';
import type { ProjectApiKey } from '../openai/admin-types.js';

/** OpenAI's key object as the hygiene rules read it. */
export function keyFactsOf(key: ProjectApiKey): KeyFacts {
  const user = key.owner.user;
  const account = key.owner.service_account;
  const owner: KeyFacts['owner'] =
    key.owner.type === 'service_account' && account
      ? { type: 'service_account', id: account.id, name: account.name ?? null }
      : { type: 'user', id: user?.id ?? '', email: user?.email ?? null, name: user?.name ?? null };
  return {
    id: key.id,
    name: key.name,
    redactedValue: key.redacted_value,
    createdAt: key.created_at,
    lastUsedAt: key.last_used_at ?? null,
    ownerAccess: key.owner_project_access ?? null,
    owner,
  };
}

/** Who owns a key, in words: a person's email (or name), or the service account's name. */
export function ownerLabel(owner: KeyFacts['owner']): string {
  return owner.type === 'user'
    ? owner.email || owner.name || owner.id
    : `service account ${owner.name || owner.id}`;
}
