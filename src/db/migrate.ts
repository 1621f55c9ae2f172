import { type MigrationResultSet, Migrator, PostgresAdapter, sql } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema up to date; throws naming the migration that failed. Safe when several
 * replicas start at once: Kysely's migration lock lets one migrate while the others wait.
 * `upTo` stops at that migration (a test plays an older release's schema with it).
 */
export async function migrateToLatest(db: Db, options: { upTo?: string } = {}): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: await postgresSchemaOf(db),
  });
  const result = options.upTo ? await migrator.migrateTo(options.upTo) : await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Database migration ${failed} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}

/**
 * On PostgreSQL, the schema the bot's tables live in (the first of `search_path`, usually
 * `public`). Named explicitly because Kysely, given no schema, looks for its migration tables
 * in every schema of the database: another schema's `kysely_migration` (another app's, or a
 * neighbouring test's) would make it skip creating ours and then fail.
 */
async function postgresSchemaOf(db: Db): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}
