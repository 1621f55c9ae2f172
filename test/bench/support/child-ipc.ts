/**
 * What the two apps under test (the bot, a bare Bolt app) run besides Bolt, identically, so
 * their numbers compare: timers on the HTTP server (from the `request` event to the moment the
 * answer is ended, i.e. ack(), and from then to the answer's 'finish'), by request kind; an
 * event-loop delay histogram; GC pauses; CPU time; and the IPC channel the benchmark drives
 * them with.
 */
import type { Server } from 'node:http';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** The load generator marks each request; Bolt ignores the header, the signature does not cover it. */
export const KIND_HEADER = 'x-bench-kind';

export type Command =
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'idle' }
  | { id: number; cmd: 'gc' }
  | { id: number; cmd: 'stop' };

export interface ChildStats {
  /** Server-side time from the `request` event to the answer being ended (the ack), ms, by kind. */
  serverMs: Record<string, number[]>;
  /** From the answer being ended to its 'finish' event: the event loop held after ack(), ms, by kind. */
  busyMs: Record<string, number[]>;
  /** Event-loop delay since the last reset, ms. */
  loopDelay: { p50: number; p99: number; max: number };
  /** CPU time (user + system) since the last reset, ms, and the wall time it was spent in. */
  cpuMs: number;
  wallMs: number;
  memory: NodeJS.MemoryUsage;
  /** Garbage collection pauses since the last reset (major = mark-compact). */
  gc: { count: number; totalMs: number; maxMs: number; major: number; majorMaxMs: number };
}

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'reply'; id: number; stats?: ChildStats }
  | { type: 'error'; message: string };

function send(message: ChildMessage): void {
  process.send?.(message);
}

export function serveBenchChannel(options: {
  server: Server;
  idle?: () => Promise<void>;
  stop: () => Promise<void>;
}): void {
  let serverMs: Record<string, number[]> = {};
  let busyMs: Record<string, number[]> = {};
  const record = (into: Record<string, number[]>, kind: string, value: number) => {
    const list = into[kind] ?? [];
    list.push(value);
    into[kind] = list;
  };
  options.server.prependListener('request', (req, res) => {
    const started = process.hrtime.bigint();
    const kind = String(req.headers[KIND_HEADER] ?? 'other');
    // The moment Bolt ends the answer is the moment ack() answered Slack.
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      const ended = process.hrtime.bigint();
      record(serverMs, kind, Number(ended - started) / 1e6);
      // 'finish' comes from a next-tick callback, which runs once the promise chain that called
      // ack() yields: this is how long the listener kept the event loop after acking, i.e. how
      // long a request arriving right then would wait for it.
      res.once('finish', () => record(busyMs, kind, Number(process.hrtime.bigint() - ended) / 1e6));
      return end(...args);
    }) as typeof res.end;
  });
  const gc = { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMaxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major += 1;
        gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
      }
    }
  }).observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let cpu = process.cpuUsage();
  let wall = performance.now();

  const stats = (): ChildStats => {
    const used = process.cpuUsage(cpu);
    return {
      serverMs,
      busyMs,
      loopDelay: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
      },
      cpuMs: (used.user + used.system) / 1000,
      wallMs: performance.now() - wall,
      memory: process.memoryUsage(),
      gc: { ...gc },
    };
  };

  process.on('message', (raw) => {
    const command = raw as Command;
    const reply = (extra: { stats?: ChildStats } = {}) => send({ type: 'reply', id: command.id, ...extra });
    const run = async () => {
      switch (command.cmd) {
        case 'reset':
          serverMs = {};
          busyMs = {};
          Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMaxMs: 0 });
          loop.reset();
          cpu = process.cpuUsage();
          wall = performance.now();
          reply();
          return;
        case 'stats':
          reply({ stats: stats() });
          return;
        case 'idle':
          await options.idle?.();
          reply();
          return;
        case 'gc':
          // A full collection first (the apps run with --expose-gc), so `memory` is what is live.
          (globalThis as { gc?: () => void }).gc?.();
          reply({ stats: stats() });
          return;
        case 'stop':
          await options.stop();
          reply();
          process.exit(0);
      }
    };
    run().catch((error: unknown) => send({ type: 'error', message: String(error) }));
  });
  // The benchmark going away takes its apps with it.
  process.on('disconnect', () => process.exit(0));
  const address = options.server.address();
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
}

export function reportStartupFailure(error: unknown): never {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
