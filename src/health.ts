import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Db } from './db/database.js';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: { ok: boolean; error?: string };
}

export async function checkHealth(db: Db): Promise<HealthReport> {
  try {
    await sql`select 1`.execute(db);
    return { status: 'ok', database: { ok: true } };
  } catch (error) {
    return {
      status: 'unavailable',
      database: { ok: false, error: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** `GET /healthz`: 200 while the database answers, 503 when it does not (a load balancer takes the replica out). */
export function healthRoute(db: Db) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      const report = await checkHealth(db);
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
    },
  };
}
