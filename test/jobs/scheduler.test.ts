import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InFlightWork } from '../../src/in-flight.js';
import { startScheduler } from '../../src/jobs/scheduler.js';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('startScheduler', () => {
  it('should run a job soon after start, then every interval, and never twice at once', async () => {
    let finish: (() => void) | undefined;
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const scheduler = startScheduler([{ name: 'sweep', everySeconds: 300, run }], logger, new InFlightWork());
    await vi.advanceTimersByTimeAsync(9_999);
    expect(run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    // Still running at the first interval: skipped, not stacked.
    await vi.advanceTimersByTimeAsync(300_000);
    expect(run).toHaveBeenCalledTimes(1);
    finish?.();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(run).toHaveBeenCalledTimes(2);
    scheduler.stop();
    finish?.();
    await vi.advanceTimersByTimeAsync(900_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('should log a failed run and keep scheduling', async () => {
    const run = vi.fn().mockRejectedValueOnce(new Error('OpenAI down')).mockResolvedValue(undefined);
    const scheduler = startScheduler([{ name: 'sweep', everySeconds: 5, run }], logger, new InFlightWork());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(logger.error).toHaveBeenCalledWith('Sweep sweep failed: Error: OpenAI down');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(2);
    scheduler.stop();
  });
});
