import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { ConfigSchema } from '../config.js';
import { toCsv } from '../csv.js';
import { readAudit } from '../db/audit-queries.js';
import { connectDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { auditCsvRows } from '../services/audit-log.js';

const USAGE = 'Usage: npm run export:audit -- --from YYYY-MM-DD --to YYYY-MM-DD [--out file.csv]';

/**
 * Writes every audit event in [from, to) as CSV (to stdout, or --out). Only DATABASE_URL is
 * read: an auditor can run it without the bot's Slack or OpenAI secrets.
 */
export async function exportAudit(argv: string[], env: Record<string, string | undefined>): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  for (const [flag, value] of [
    ['--from', values.from],
    ['--to', values.to],
  ] as const) {
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValid(parseISO(value))) {
      throw new Error(`${flag} must be a date like 2026-11-01.\n${USAGE}`);
    }
  }
  const from = values.from as string;
  const to = values.to as string;
  if (to <= from) throw new Error(`--to (${to}) must be after --from (${from}); the range is [from, to).`);
  const databaseUrl = ConfigSchema.shape.DATABASE_URL.parse(env.DATABASE_URL || undefined);
  const db = await connectDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    const rows = await readAudit(db, { from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` });
    // The trail is read newest first; an export reads best oldest first.
    const csv = toCsv(auditCsvRows([...rows].reverse()));
    if (values.out) writeFileSync(values.out, csv);
    return csv;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  exportAudit(process.argv.slice(2), process.env)
    .then((csv) => {
      if (!process.argv.includes('--out')) process.stdout.write(csv);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    });
}
