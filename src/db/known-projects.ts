import type { Db } from './database.js';
import type { KnownProject } from './schema.js';

/** Rows per INSERT: SQLite allows 32 766 bound parameters; four per row leaves plenty of room. */
const BATCH = 500;

export async function rememberProjects(
  db: Db,
  projects: readonly { id: string; name: string; archived: boolean }[],
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < projects.length; i += BATCH) {
      await trx
        .insertInto('known_projects')
        .values(
          projects.slice(i, i + BATCH).map((p) => ({
            project_id: p.id,
            name: p.name,
            archived: p.archived ? 1 : 0,
            seen_at: at.toISOString(),
          })),
        )
        .onConflict((oc) =>
          oc.column('project_id').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            archived: eb.ref('excluded.archived'),
            seen_at: eb.ref('excluded.seen_at'),
          })),
        )
        .execute();
    }
  });
}

export async function knownProjects(db: Db): Promise<KnownProject[]> {
  return db.selectFrom('known_projects').selectAll().orderBy('name').execute();
}

/**
 * When the whole project list was last read from OpenAI, if ever. A full listing touches every
 * row (archived projects included, and projects are never deleted), so it is the oldest
 * `seen_at`; a single project read since is newer and does not count as a listing.
 */
export async function lastProjectListing(db: Db): Promise<Date | undefined> {
  const row = await db
    .selectFrom('known_projects')
    .select((eb) => eb.fn.min('seen_at').as('oldest'))
    .executeTakeFirst();
  return row?.oldest ? new Date(row.oldest) : undefined;
}

/** The remembered name of a project, or undefined when the bot never listed it. */
export async function knownProjectName(db: Db, projectId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('known_projects')
    .select('name')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row?.name;
}
