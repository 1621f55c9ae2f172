import type { InFlightWork } from '../in-flight.js';
import type { Logger } from '../logger.js';

export interface ScheduledJob {
  name: string;
  everySeconds: number;
  run(): Promise<unknown>;
}

/**
 * Runs each job every `everySeconds`, never two runs of one job at once in this process
 * (the database lease keeps other replicas out). A failed run is logged; the next one retries.
 */
export function startScheduler(jobs: readonly ScheduledJob[], logger: Logger, inFlight: InFlightWork) {
  const running = new Set<string>();
  const runOnce = (job: ScheduledJob) => {
    if (running.has(job.name)) return;
    running.add(job.name);
    void inFlight
      .track(job.run())
      .catch((error: unknown) => logger.error(`Sweep ${job.name} failed: ${String(error)}`))
      .finally(() => running.delete(job.name));
  };
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    // A first run soon after start, so a restarted bot finishes interrupted work without waiting a whole interval.
    const first = setTimeout(() => {
      runOnce(job);
      timers.push(setInterval(() => runOnce(job), job.everySeconds * 1000));
    }, Math.min(job.everySeconds, 10) * 1000);
    timers.push(first);
  }
  return {
    stop(): void {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
