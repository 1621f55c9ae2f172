import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Budgets. `budgets` holds the bot's own soft budget per project; `hard_limits` is the bot's
 * last reading of OpenAI's hard spend limit per project (OpenAI stays the authority);
 * `budget_alerts` is the durable dedupe of alerts, one row per (project, period, kind,
 * threshold), with whom it reached so a failed send is retried and a sent one never repeats;
 * `daily_costs` keeps each project's cost per UTC day beyond OpenAI's own window;
 * `known_projects` caches project names so reports and exports need not list projects.
 * Money is integer US cents everywhere.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('budgets')
    .addColumn('project_id', 'text', (col) => col.primaryKey())
    .addColumn('amount_cents', 'integer', (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn('reset_day', 'integer', (col) => col.notNull().check(sql`reset_day between 1 and 28`))
    /** JSON array of whole percentages, ascending. */
    .addColumn('thresholds', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('hard_limits')
    .addColumn('project_id', 'text', (col) => col.primaryKey())
    .addColumn('threshold_cents', 'integer', (col) => col.notNull())
    /** OpenAI's enforcement.status: inactive | enforcing (kept as sent, should others appear). */
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('checked_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('budget_alerts')
    .addColumn('project_id', 'text', (col) => col.notNull())
    .addColumn('period_start', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('threshold', 'forecast', 'hard_limit')`),
    )
    .addColumn('threshold', 'integer', (col) => col.notNull())
    /** pending → sent, or abandoned once its period ended unsent. */
    .addColumn('status', 'text', (col) => col.notNull())
    /** JSON array of recipients it reached: the admin channel id, owners' Slack ids. */
    .addColumn('delivered_to', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .addPrimaryKeyConstraint('budget_alerts_pk', ['project_id', 'period_start', 'kind', 'threshold'])
    .execute();
  await db.schema.createIndex('budget_alerts_by_status').on('budget_alerts').column('status').execute();

  await db.schema
    .createTable('daily_costs')
    .addColumn('project_id', 'text', (col) => col.notNull())
    /** YYYY-MM-DD, a UTC day as OpenAI buckets costs. */
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('amount_cents', 'integer', (col) => col.notNull())
    .addColumn('fetched_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('daily_costs_pk', ['project_id', 'day'])
    .execute();
  await db.schema.createIndex('daily_costs_by_day').on('daily_costs').column('day').execute();

  await db.schema
    .createTable('known_projects')
    .addColumn('project_id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('archived', 'integer', (col) => col.notNull())
    .addColumn('seen_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('known_projects').execute();
  await db.schema.dropTable('daily_costs').execute();
  await db.schema.dropTable('budget_alerts').execute();
  await db.schema.dropTable('hard_limits').execute();
  await db.schema.dropTable('budgets').execute();
}
