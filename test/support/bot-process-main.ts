/**
 * One bot as a real process of its own, for what only real processes show: two replicas on one
 * database, and a crash at a chosen point (CRASH_AT, see src/crash-points.ts). It starts as
 * src/main.ts does (environment → loadConfig → createBot → start), plus two things a test needs
 * from outside, over the IPC channel of `test/support/bot-process.ts`:
 *
 * - its clock is TEST_CLOCK_FILE, an ISO time the test writes, so one test moves time for every
 *   process at once (the invite sweep resumes work left for 2 minutes; nobody waits 2 minutes);
 * - sweeps run only when told (`{ id, cmd: 'sweep', job }`, answered with the report and when
 *   the sweep started and ended), and `{ id, cmd: 'idle' }` is answered once the work done after
 *   acking Slack is finished. No timers: the test decides when sweeps run.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';

export type BotProcessCommand =
  | { cmd: 'idle' }
  | { cmd: 'sweep'; job: 'invites' | 'requests' | 'projects' | 'onboardings' };

export type BotProcessMessage =
  | { event: 'ready'; port: number }
  | { id: number; ok: true; report?: unknown; startedAt?: number; endedAt?: number }
  | { id: number; ok: false; error: string };

const clockFile = process.env.TEST_CLOCK_FILE;
if (!clockFile || !process.send) {
  throw new Error(
    'bot-process-main runs as a child of test/support/bot-process.ts (IPC and TEST_CLOCK_FILE).',
  );
}
const send = (message: BotProcessMessage) => process.send?.(message);
const clock = { now: () => new Date(readFileSync(clockFile, 'utf8').trim()) };

const config = loadConfig(process.env);
const bot = await createBot(config, { clock, slackRetries: 0, adminRetries: 2 });
// Port 0: the system picks a free one, reported to the test in the ready message.
const server = await bot.start(0, { sweeps: false });
if (!server) throw new Error('bot-process-main needs HTTP mode');

process.on('message', async (command: BotProcessCommand & { id: number }) => {
  try {
    if (command.cmd === 'idle') {
      await bot.idle();
      send({ id: command.id, ok: true });
    } else {
      const startedAt = Date.now();
      const report = await bot.jobs[command.job].run();
      send({ id: command.id, ok: true, report, startedAt, endedAt: Date.now() });
    }
  } catch (error) {
    send({ id: command.id, ok: false, error: String(error) });
  }
});
// The test ended or died: do not outlive it.
process.on('disconnect', () => {
  void bot.stop().finally(() => process.exit(0));
});
send({ event: 'ready', port: (server.address() as AddressInfo).port });
