/**
 * TEST-ONLY HOOK: the one place in src where tests may stop the bot on purpose. It does nothing
 * unless a test switches it on, and nothing in production switches it on.
 *
 * Where tests kill a real bot process to prove that work survives a crash (issue 6, point 3):
 *
 * - `after-decision`: the approval is committed; nothing was applied and no copy updated yet.
 * - `after-apply`: OpenAI made the change; the database still says `approved`.
 * - `before-announce`: the database says `applied`; no Slack copy or requester was told yet.
 * - `after-project-create`: OpenAI created a new project; its plan does not know the id yet.
 * - `onboard-halfway`: a group onboarding has just created half of its org invites; the last
 *   one exists in OpenAI but is not recorded yet.
 *
 * Armed only when NODE_ENV is `test` and CRASH_AT names the point, read once at start-up: in
 * production this module does nothing, whatever the environment says.
 */
export const CRASH_POINTS = [
  'after-decision',
  'after-apply',
  'before-announce',
  'after-project-create',
  'onboard-halfway',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const armed: string | undefined = process.env.NODE_ENV === 'test' ? process.env.CRASH_AT : undefined;

if (armed !== undefined && !CRASH_POINTS.includes(armed as CrashPoint)) {
  throw new Error(`CRASH_AT must be one of ${CRASH_POINTS.join(', ')}; got ${armed}.`);
}

/**
 * Dies here, at once and without clean-up (SIGKILL, as the kernel's OOM killer or a pulled plug
 * would), when CRASH_AT names this point.
 */
export function crashPoint(point: CrashPoint): void {
  if (armed === point) process.kill(process.pid, 'SIGKILL');
}
