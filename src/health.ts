import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Clock } from './clock.js';
import type { Db, Engine } from './db/database.js';
import { allLeases } from './db/leases.js';

/** One sweep lease row: which replica sweeps now, and until when (ISO-8601 UTC). */
export interface LeaseState {
  name: string;
  owner: string;
  expires_at: string;
  /** Past its expiry: the holder died mid-sweep; the next replica to try takes it over. */
  expired: boolean;
  /** Held by a sweep of the replica that answered. */
  held_here: boolean;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: { ok: boolean; engine: Engine; error?: string };
  /** Leases held right now; empty while no replica sweeps (a lease lives as long as one sweep). */
  leases?: LeaseState[];
}

export interface HealthContext {
  engine: Engine;
  clock: Clock;
  /** The lease owner ids of this process's sweeps. */
  ownLeaseOwners: () => readonly string[];
}

export async function checkHealth(db: Db, context: HealthContext): Promise<HealthReport> {
  const { engine, clock } = context;
  try {
    await sql`select 1`.execute(db);
    const rows = await allLeases(db);
    const now = clock.now().toISOString();
    const own = new Set(context.ownLeaseOwners());
    return {
      status: 'ok',
      database: { ok: true, engine },
      leases: rows.map((row) => ({ ...row, expired: row.expires_at <= now, held_here: own.has(row.owner) })),
    };
  } catch (error) {
    return {
      status: 'unavailable',
      database: { ok: false, engine, error: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** `GET /healthz`: 200 while the database answers, 503 when it does not (a load balancer takes the replica out). */
export function healthRoute(db: Db, context: HealthContext) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      const report = await checkHealth(db, context);
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
    },
  };
}
