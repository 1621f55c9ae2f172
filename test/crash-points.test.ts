import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The module reads NODE_ENV and CRASH_AT once, when it loads, so each case loads a fresh copy
 * under its own environment. process.kill is stubbed: an armed point must not kill the test.
 */
async function loadCrashPoints(env: { NODE_ENV?: string; CRASH_AT?: string }) {
  vi.stubEnv('NODE_ENV', env.NODE_ENV);
  vi.stubEnv('CRASH_AT', env.CRASH_AT);
  vi.resetModules();
  const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
  const module = await import('../src/crash-points.js');
  return { ...module, kill };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('crashPoint', () => {
  it('should do nothing when CRASH_AT names the point but NODE_ENV is production', async () => {
    const { crashPoint, kill } = await loadCrashPoints({ NODE_ENV: 'production', CRASH_AT: 'after-apply' });
    crashPoint('after-apply');
    expect(kill).not.toHaveBeenCalled();
  });

  it('should do nothing when CRASH_AT names the point but NODE_ENV is unset', async () => {
    const { crashPoint, kill } = await loadCrashPoints({ CRASH_AT: 'after-apply' });
    crashPoint('after-apply');
    expect(kill).not.toHaveBeenCalled();
  });

  it('should do nothing when NODE_ENV is test but CRASH_AT is unset', async () => {
    const { CRASH_POINTS, crashPoint, kill } = await loadCrashPoints({ NODE_ENV: 'test' });
    for (const point of CRASH_POINTS) crashPoint(point);
    expect(kill).not.toHaveBeenCalled();
  });

  it('should kill the process with SIGKILL at the named point only, when NODE_ENV is test', async () => {
    const { crashPoint, kill } = await loadCrashPoints({ NODE_ENV: 'test', CRASH_AT: 'after-apply' });
    crashPoint('after-decision');
    crashPoint('before-announce');
    expect(kill).not.toHaveBeenCalled();
    crashPoint('after-apply');
    expect(kill).toHaveBeenCalledExactlyOnceWith(process.pid, 'SIGKILL');
  });

  it('should refuse to load when CRASH_AT names no crash point, listing the ones there are', async () => {
    await expect(loadCrashPoints({ NODE_ENV: 'test', CRASH_AT: 'after-lunch' })).rejects.toThrow(
      'CRASH_AT must be one of after-decision, after-apply, before-announce, after-project-create, onboard-halfway; got after-lunch.',
    );
  });
});
