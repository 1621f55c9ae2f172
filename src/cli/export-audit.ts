/**
 * Exports the bot's audit trail as CSV, for auditors.
 *
 *   npm run export:audit -- --from 2026-11-01 --to 2026-11-30 [--out audit.csv]
 *
 * Only DATABASE_URL is read: an auditor can run it without the bot's Slack or OpenAI secrets.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type Clock, systemClock } from '../clock.js';
import { ConfigSchema } from '../config.js';
import { toCsv } from '../csv.js';
import { readAudit } from '../db/audit-queries.js';
import { migrateToLatest } from '../db/migrate.js';
import { nextDay, startOfDay, utcDay } from '../domain/budget-period.js';
import { exportRange } from '../domain/cost-export.js';
import { auditCsvRows } from '../services/audit-log.js';
import { type CliIo, openExistingDatabase, runAsScript, SETTINGS_HELP } from './cli-support.js';

const USAGE = `Usage: npm run export:audit -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]

Writes every event of the bot's audit trail in the range as CSV, oldest first.

  --from, --to   UTC days, both inclusive: --to 2026-11-30 includes all of November 30
                 (default: the current month so far)
  --out          write the CSV to this file instead of standard output
  -h, --help     show this help

Reads only DATABASE_URL (default sqlite:./data/access-bot.sqlite); the database must exist.
${SETTINGS_HELP}`;

const CliSettings = z.object({ DATABASE_URL: ConfigSchema.shape.DATABASE_URL });

/** Runs the export; returns the process exit code (0 done, also when no event matched; 1 failed; 2 bad usage or settings). */
export async function runExportAudit(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  options: { clock?: Clock } = {},
): Promise<number> {
  let values: { from?: string; to?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const range = exportRange(values, utcDay((options.clock ?? systemClock).now()));
  if (!range.ok) {
    io.stderr(`${range.error}\n\n${USAGE}\n`);
    return 2;
  }
  const settings = CliSettings.safeParse({ DATABASE_URL: env.DATABASE_URL || undefined });
  if (!settings.success) {
    io.stderr(`${settings.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('\n')}\n`);
    return 2;
  }
  const db = await openExistingDatabase(settings.data.DATABASE_URL, io);
  if (!db) return 2;
  try {
    await migrateToLatest(db);
    const { fromDay, toDay } = range.range;
    const rows = await readAudit(db, {
      from: startOfDay(fromDay).toISOString(),
      to: startOfDay(nextDay(toDay)).toISOString(),
    });
    // The trail is read newest first; an export reads best oldest first.
    const csv = toCsv(auditCsvRows([...rows].reverse()));
    if (values.out) writeFileSync(values.out, csv);
    else io.stdout(csv);
    const written = values.out ? `, written to ${values.out}` : '';
    io.stderr(
      rows.length === 0
        ? `No audit events from ${fromDay} to ${toDay}; the CSV has only its header${written}.\n`
        : `${rows.length} audit events from ${fromDay} to ${toDay}${written}.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`The export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}

await runAsScript(import.meta.url, runExportAudit);
