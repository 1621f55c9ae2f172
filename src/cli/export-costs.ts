/**
 * Exports the bot's stored daily costs per project as CSV, for finance.
 *
 *   npm run export:costs -- --from 2026-09-01 --to 2026-11-30 [--project Alpha --project proj_123]
 *                           [--refresh] [--out costs.csv]
 *
 * Reads DATABASE_URL (and, with --refresh, OPENAI_ADMIN_KEY and OPENAI_BASE_URL) from the
 * environment or a .env file, with the bot's own validation. Without --refresh it needs no
 * network: the history is what the budget sweep stored, also for days OpenAI no longer keeps.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type Clock, systemClock } from '../clock.js';
import { ConfigSchema } from '../config.js';
import type { Db } from '../db/database.js';
import { knownProjects } from '../db/known-projects.js';
import { migrateToLatest } from '../db/migrate.js';
import { nextDay, startOfDay, utcDay } from '../domain/budget-period.js';
import { exportRange } from '../domain/cost-export.js';
import { formatUsd } from '../domain/money.js';
import { matchProject } from '../domain/project-match.js';
import { type AdminApi, createAdminClient } from '../openai/admin-client.js';
import { describeAdminFailure } from '../openai/admin-errors.js';
import { exportStoredCosts, refreshCostHistory } from '../services/cost-history.js';
import { ProjectDirectory } from '../services/project-directory.js';
import { type CliIo, openExistingDatabase, runAsScript, SETTINGS_HELP } from './cli-support.js';

const USAGE = `Usage: npm run export:costs -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--project NAME_OR_ID]... [--refresh] [--out FILE]

Writes the stored daily costs per project in the range as CSV (date,project_id,project_name,cost_usd).

  --from, --to   UTC days, both inclusive: --to 2026-11-30 includes all of November 30
                 (default: the current month so far)
  --project      only these projects (repeatable; a name in any case, or an id)
  --refresh      first read these days from OpenAI's costs report into the history
                 (needs OPENAI_ADMIN_KEY); without it, nothing leaves this machine
  --out          write the CSV to this file instead of standard output
  -h, --help     show this help

Reads DATABASE_URL (default sqlite:./data/access-bot.sqlite; the database must exist) and, with
--refresh, OPENAI_ADMIN_KEY and OPENAI_BASE_URL.
${SETTINGS_HELP}`;

/** The settings this script reads, with the bot's own definitions and messages. */
const CliSettings = z.object({
  DATABASE_URL: ConfigSchema.shape.DATABASE_URL,
  OPENAI_ADMIN_KEY: ConfigSchema.shape.OPENAI_ADMIN_KEY.optional(),
  OPENAI_BASE_URL: ConfigSchema.shape.OPENAI_BASE_URL,
});

export interface CliOptions {
  clock?: Clock;
  /** For tests: the Admin API client to refresh with, instead of one built from the settings. */
  admin?: AdminApi;
}

/** Runs the export; returns the process exit code (0 done, also when no row matched; 1 failed; 2 bad usage or settings). */
export async function runExportCosts(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  options: CliOptions = {},
): Promise<number> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const settings = CliSettings.safeParse(present);
  if (!settings.success) {
    io.stderr(`${settings.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('\n')}\n`);
    return 2;
  }
  if (args.refresh && !settings.data.OPENAI_ADMIN_KEY && !options.admin) {
    io.stderr('--refresh reads OpenAI: set OPENAI_ADMIN_KEY (an organization admin key, sk-admin-…).\n');
    return 2;
  }
  const clock = options.clock ?? systemClock;
  const range = exportRange({ from: args.from, to: args.to }, utcDay(clock.now()));
  if (!range.ok) {
    io.stderr(`${range.error}\n`);
    return 2;
  }

  const db = await openExistingDatabase(settings.data.DATABASE_URL, io);
  if (!db) return 2;
  try {
    await migrateToLatest(db);
    if (args.refresh) {
      const admin =
        options.admin ??
        createAdminClient({
          adminKey: settings.data.OPENAI_ADMIN_KEY as string,
          baseURL: settings.data.OPENAI_BASE_URL,
        });
      await new ProjectDirectory({ db, admin, clock }).refresh();
      const until = startOfDay(nextDay(range.range.toDay));
      const { pages, rows } = await refreshCostHistory(
        { db, admin, clock },
        { from: startOfDay(range.range.fromDay), to: until < clock.now() ? until : undefined },
      );
      io.stderr(
        `Read ${rows} project-days from OpenAI's costs report (${pages} page${pages === 1 ? '' : 's'}).\n`,
      );
    }
    const projectIds = await resolveProjects(db, args.projects);
    if (!projectIds.ok) {
      io.stderr(`${projectIds.error}\n`);
      return 1;
    }
    const result = await exportStoredCosts(db, range.range, projectIds.ids);
    if (args.out) writeFileSync(args.out, result.csv);
    else io.stdout(result.csv);
    const { fromDay, toDay } = range.range;
    const written = args.out ? `, written to ${args.out}` : '';
    io.stderr(
      result.rows === 0
        ? `No costs stored from ${fromDay} to ${toDay}${projectIds.ids ? ' for these projects' : ''}; the CSV has only its header${written}.\n`
        : `${result.rows} rows, ${result.projects} projects, ${formatUsd(result.totalCents)} from ${fromDay} to ${toDay}${written}.\n`,
    );
    if (!result.history) {
      io.stderr('The history is empty: the bot stores costs at each budget sweep, or run with --refresh.\n');
    } else if (fromDay < result.history.firstDay) {
      io.stderr(`The stored history starts on ${result.history.firstDay}; earlier days are not in it.\n`);
    }
    return 0;
  } catch (error) {
    io.stderr(`The export failed: ${describeAdminFailure(error)}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}

function parseCliArgs(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      project: { type: 'string', multiple: true },
      refresh: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    from: values.from,
    to: values.to,
    projects: values.project ?? [],
    refresh: values.refresh ?? false,
    out: values.out,
    help: values.help ?? false,
  };
}

/** Project names or ids as typed, against the remembered project list (refreshed by --refresh). */
async function resolveProjects(
  db: Db,
  typed: readonly string[],
): Promise<{ ok: true; ids: string[] | undefined } | { ok: false; error: string }> {
  if (typed.length === 0) return { ok: true, ids: undefined };
  const known = (await knownProjects(db)).map((p) => ({ id: p.project_id, name: p.name }));
  const ids: string[] = [];
  for (const name of typed) {
    const match = matchProject(known, name);
    if (match.found) ids.push(match.project.id);
    else if (/^proj_/.test(name)) ids.push(name);
    else {
      const hint =
        match.suggestions.length > 0
          ? ` Did you mean ${match.suggestions.map((s) => s.name).join(', ')}?`
          : '';
      return {
        ok: false,
        error: `No project “${name}” in the bot's project list.${hint} (--refresh lists them again.)`,
      };
    }
  }
  return { ok: true, ids };
}

await runAsScript(import.meta.url, runExportCosts);
