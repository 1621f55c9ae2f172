import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { FakeSlack } from '../fakes/fake-slack.js';
import { SlackRequestSender } from '../fakes/slack-request-sender.js';
import type { BotProcessCommand, BotProcessMessage } from './bot-process-main.js';
import { controlledEnv } from './controlled-env.js';
import { ManualClock } from './manual-clock.js';

/** A clock the test moves by hand, which bot processes read from its file. */
export class SharedClock extends ManualClock {
  constructor(
    start: Date | string,
    readonly file: string,
  ) {
    super(start);
    this.#write();
  }
  override set(to: Date | string): void {
    super.set(to);
    this.#write();
  }
  override advance(milliseconds: number): void {
    super.advance(milliseconds);
    this.#write();
  }
  #write(): void {
    writeFileSync(this.file, this.now().toISOString());
  }
}

export interface SweepRun {
  report: { ran: boolean } & Record<string, unknown>;
  /** Wall-clock milliseconds, to show two replicas never swept at the same time. */
  startedAt: number;
  endedAt: number;
}

export interface BotProcess {
  pid: number;
  url: string;
  /** Signs and sends Slack's requests to this process. */
  sender: SlackRequestSender;
  sweep(job: 'invites' | 'requests' | 'projects' | 'onboardings'): Promise<SweepRun>;
  /** Resolves once the work this process does after acking Slack is finished. */
  idle(): Promise<void>;
  /** How it ended: a crash point kills it with SIGKILL. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr, for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts `test/support/bot-process-main.ts` as its own `node` process (TypeScript through tsx)
 * with exactly `env` (plus PATH, every other setting blank: `controlledEnv`), and resolves once it listens.
 */
export async function startBotProcess(options: {
  env: Record<string, string>;
  clock: SharedClock;
  fakeSlack: FakeSlack;
  signingSecret: string;
}): Promise<BotProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/bot-process-main.ts'],
    {
      cwd: process.cwd(),
      env: controlledEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        TEST_CLOCK_FILE: options.clock.file,
        ...options.env,
      }),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const pending = new Map<number, (message: BotProcessMessage) => void>();
  let nextId = 1;
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (message: BotProcessMessage) => {
      if ('event' in message) resolve(message.port);
      else pending.get(message.id)?.(message);
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`the bot process ended (${signal ?? code}) before it listened:\n${stderr}`)),
    );
  });
  const port = await ready;

  const command = (cmd: BotProcessCommand) =>
    new Promise<BotProcessMessage>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ ...cmd, id });
      void exited.then(({ code, signal }) =>
        reject(new Error(`the bot process ended (${signal ?? code}) before answering:\n${stderr}`)),
      );
    }).then((answer) => {
      if ('ok' in answer && !answer.ok) throw new Error(`the bot process failed: ${answer.error}`);
      return answer as Extract<BotProcessMessage, { ok: true }>;
    });

  const url = `http://127.0.0.1:${port}`;
  return {
    pid: child.pid as number,
    url,
    sender: new SlackRequestSender({
      url: `${url}/slack/events`,
      signingSecret: options.signingSecret,
      fakeSlack: options.fakeSlack,
    }),
    async sweep(job) {
      const answer = await command({ cmd: 'sweep', job });
      return answer as unknown as SweepRun;
    },
    async idle() {
      await command({ cmd: 'idle' });
    },
    exited,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      await exited;
    },
  };
}
