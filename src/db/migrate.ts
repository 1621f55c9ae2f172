import { type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema up to date; throws naming the migration that failed. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Database migration ${failed} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}
