import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { connectDatabase, type Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { type ProcessWorld, startProcessWorld } from '../support/process-world.js';
import { requirePostgres } from '../support/test-database.js';

/**
 * Issue 15, point 5: a rolling deploy on one PostgreSQL database. A replica of the older release (its
 * schema migrated up to the migration before the newest) keeps running its queries while a replica of
 * the new release starts, applies the newest migration and serves a request; neither fails.
 *
 * Generic on purpose: "newest" is whatever migrations/index.ts lists last, so every new migration is
 * held to the rule the README gives migration authors (additive only: no dropped or renamed table or
 * column, no changed type, a new NOT NULL column only with a default). The older replica's queries
 * are read from the schema it had: every column of every table, named, as code written for it names them.
 */
requirePostgres();

const names = Object.keys(migrations).sort();
const newest = names.at(-1) as string;
const previous = names.at(-2) as string;

interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

async function columnsOf(db: Db): Promise<Column[]> {
  const { rows } = await sql<{
    table: string;
    column: string;
    type: string;
    nullable: string;
    default: string | null;
  }>`
    select table_name as "table", column_name as "column", data_type as "type",
           is_nullable as nullable, column_default as "default"
    from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_migration%'
    order by table_name, ordinal_position`.execute(db);
  return rows.map((r) => ({
    table: r.table,
    column: r.column,
    type: r.type,
    nullable: r.nullable === 'YES',
    hasDefault: r.default !== null,
  }));
}

/** The older replica's reads: each table with the columns it had, named, in a loop until stopped. */
function olderReplicaQueries(db: Db, schema: Column[]) {
  const tables = [...new Set(schema.map((c) => c.table))];
  const statements = tables.map((table) => {
    const columns = schema.filter((c) => c.table === table).map((c) => sql.ref(c.column));
    return sql`select ${sql.join(columns)} from ${sql.table(table)} limit 20`;
  });
  const errors: string[] = [];
  let rounds = 0;
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      for (const statement of statements) {
        await statement.execute(db).catch((error: Error) => errors.push(error.message));
      }
      rounds += 1;
      // A replica's pace, not a busy loop: the fakes the new replica calls share this event loop.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    errors,
    rounds: () => rounds,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

let world: ProcessWorld;
let older: Db | undefined;

afterEach(async () => {
  await older?.destroy();
  await world?.close();
});

describe(`a rolling deploy that applies the newest migration (${newest})`, () => {
  it('should keep an older replica working while a new one migrates and serves a request', async () => {
    world = await startProcessWorld();
    older = await connectDatabase(world.database.url);
    await migrateToLatest(older, { upTo: previous });
    const before = await columnsOf(older);
    const queries = olderReplicaQueries(older, before);
    while (queries.rounds() < 3) await new Promise((resolve) => setTimeout(resolve, 10));

    // The new release's replica starts: it applies the newest migration while the older one queries.
    const rita = world.person({ slackId: 'URITA', name: 'Rita Researcher' });
    const olga = world.person({ slackId: 'UOWNER', name: 'Olga Owner' });
    const alpha = world.openai.state.addProject({ name: 'Alpha' }).id;
    world.openai.state.addProjectUser(alpha, olga.orgUserId as string, 'owner');
    const fresh = await world.boot();
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      older,
    );
    expect(applied.rows.map((r) => r.name)).toEqual(names);
    const id = await world.submitRequest(fresh, rita, { id: alpha, name: 'Alpha' });
    expect(id).toBeTruthy();
    const roundsAfter = queries.rounds();
    while (queries.rounds() < roundsAfter + 3) await new Promise((resolve) => setTimeout(resolve, 10));
    await queries.stop();
    expect(queries.errors).toEqual([]);

    // Additive: what the older release reads is all still there, and what it writes still fits.
    const after = await columnsOf(older);
    const key = (c: Column) => `${c.table}.${c.column}`;
    const now = new Map(after.map((c) => [key(c), c]));
    const changed = before.filter((c) => now.get(key(c))?.type !== c.type).map(key);
    expect(changed, 'tables or columns dropped, renamed or retyped').toEqual([]);
    const oldTables = new Set(before.map((c) => c.table));
    const known = new Set(before.map(key));
    const breaksOldInserts = after
      .filter((c) => oldTables.has(c.table) && !known.has(key(c)) && !c.nullable && !c.hasDefault)
      .map(key);
    expect(breaksOldInserts, 'new NOT NULL columns without a default on existing tables').toEqual([]);
  }, 120_000); // starting a bot process (tsx) takes half a minute on a busy 2-core machine
});
