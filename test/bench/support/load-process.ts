/**
 * The load generator, in a process of its own so neither the app under test nor the fakes
 * share its event loop: autocannon at a fixed rate (see `LoadJob.mode`), every request signed
 * exactly like Slack signs it, at the moment it is sent (`setupRequest`), so a 30 s run never
 * carries a stale signature. Latency is timed here per request with `process.hrtime`
 * (sub-millisecond), from the write of the request to the complete answer; in `overall` mode
 * autocannon's own histogram (whole milliseconds) is reported next to it as a cross-check.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { signSlackRequest } from '../../fakes/slack-request-sender.js';
import { KIND_HEADER } from './child-ipc.js';

export interface LoadRequest {
  kind: string;
  contentType: string;
  body: string;
}

export interface LoadJob {
  url: string;
  signingSecret: string;
  requests: LoadRequest[];
  rate: number;
  connections: number;
  seconds: number;
  /**
   * `even`: `rate` connections of one request per second each (`connectionRate: 1`), started
   * 1000 ÷ rate ms apart, so requests arrive evenly, one every 5 ms at 200/s. `overall`:
   * autocannon's `overallRate` over `connections`, which spends each connection's quota back to
   * back at the start of every second, so all of a second's requests arrive in one burst.
   */
  mode: 'even' | 'overall';
}

export interface LoadResult {
  latencyMs: Record<string, number[]>;
  /** Answers by kind and HTTP status, e.g. `{ click: { '200': 3000 } }`. */
  statuses: Record<string, Record<string, number>>;
  /** CPU time the load generator used during the run (user + system), ms. */
  cpuMs: number;
  errors: number;
  timeouts: number;
  /** autocannon's own histogram (whole ms), in `overall` mode. */
  autocannon?: { p50: number; p99: number; mean: number; requests: number; durationS: number };
}

interface Context {
  sentAt?: bigint;
  kind?: string;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const latencyMs: Record<string, number[]> = {};
  const statuses: Record<string, Record<string, number>> = {};
  let next = 0;
  // One request object per autocannon instance: autocannon keeps the built request on it.
  const requests = (): autocannon.Request[] => [
    {
      setupRequest: (request, context: Context) => {
        const item = job.requests[next % job.requests.length] as LoadRequest;
        next += 1;
        context.kind = item.kind;
        context.sentAt = process.hrtime.bigint();
        return {
          ...request,
          method: 'POST',
          body: item.body,
          headers: {
            'content-type': item.contentType,
            [KIND_HEADER]: item.kind,
            ...signSlackRequest(job.signingSecret, item.body, Math.floor(Date.now() / 1000)),
          },
        };
      },
      onResponse: (status, _body, context: Context) => {
        const kind = context.kind ?? 'other';
        if (context.sentAt !== undefined) {
          const list = latencyMs[kind] ?? [];
          list.push(Number(process.hrtime.bigint() - context.sentAt) / 1e6);
          latencyMs[kind] = list;
        }
        const byStatus = statuses[kind] ?? {};
        byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
        statuses[kind] = byStatus;
      },
    },
  ];
  const common = {
    url: job.url,
    method: 'POST' as const,
    duration: job.seconds,
    timeout: 10,
    // Its correction assumes one request per ms at these rates; the latencies here are the measured ones.
    ignoreCoordinatedOmission: true,
  };
  const cpu = process.cpuUsage();
  let results: autocannon.Result[];
  if (job.mode === 'overall') {
    results = [
      await autocannon({
        ...common,
        requests: requests(),
        connections: job.connections,
        overallRate: job.rate,
      }),
    ];
  } else {
    const gap = 1000 / job.rate;
    const started: Promise<autocannon.Result>[] = [];
    for (let i = 0; i < job.rate; i += 1) {
      started.push(autocannon({ ...common, requests: requests(), connections: 1, connectionRate: 1 }));
      await sleep(gap);
    }
    results = await Promise.all(started);
  }
  const used = process.cpuUsage(cpu);
  const [only] = results;
  return {
    latencyMs,
    statuses,
    cpuMs: (used.user + used.system) / 1000,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    ...(results.length === 1 && only
      ? {
          autocannon: {
            p50: only.latency.p50,
            p99: only.latency.p99,
            mean: only.latency.mean,
            requests: only.requests.total,
            durationS: only.duration,
          },
        }
      : {}),
  };
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ type: 'result', result }),
    (error: unknown) => process.send?.({ type: 'error', message: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
