import { z } from 'zod';
import { Secret } from './secret.js';

/** `ProjectServiceAccount` (openapi-admin.yaml). Role `none`: made with `create_service_account_only`. */
export const ServiceAccount = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  created_at: z.number(),
});
export type ServiceAccount = z.infer<typeof ServiceAccount>;

/** A key just created: its id and the secret, which OpenAI returns this once. */
export interface NewServiceAccountKey {
  id: string;
  name: string;
  createdAt: number;
  secret: Secret;
}

/**
 * Reads `ServiceAccountApiKeyBody` / `ProjectServiceAccountApiKey` without zod: a zod error
 * could quote the value it was checking, and such an error travels into logs. A malformed
 * answer becomes a plain error that names no field value.
 */
export function newKeyOf(body: unknown): NewServiceAccountKey {
  const key = body as { id?: unknown; name?: unknown; created_at?: unknown; value?: unknown } | null;
  if (
    !key ||
    typeof key.id !== 'string' ||
    typeof key.value !== 'string' ||
    key.value.length === 0 ||
    typeof key.created_at !== 'number'
  ) {
    throw new Error('OpenAI answered the key creation without a readable key.');
  }
  return {
    id: key.id,
    name: typeof key.name === 'string' ? key.name : '',
    createdAt: key.created_at,
    secret: new Secret(key.value),
  };
}
