/**
 * Forks the benchmark's processes (each a plain `node --import tsx <file>`, the way `npm start`
 * runs the bot, so the pid is the process being measured, not a launcher) and talks to them
 * over IPC.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildStats, Command } from './child-ipc.js';
import type { LoadJob, LoadResult } from './load-process.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** `file` relative to this folder and run through tsx, or an absolute path to plain JavaScript. */
function forkTs(
  file: string,
  env: Record<string, string>,
  output: string[],
  extraExecArgv: string[] = [],
): ChildProcess {
  const javascript = isAbsolute(file);
  const child = fork(javascript ? file : here(file), [], {
    execArgv: [...(javascript ? [] : ['--import', 'tsx']), ...extraExecArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

function firstMessage<T>(
  child: ChildProcess,
  accept: (m: unknown) => T | undefined,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const error = (message as { type?: string; message?: string }).type === 'error';
      if (error) {
        cleanup();
        reject(new Error(`${what}: ${(message as { message: string }).message}`));
        return;
      }
      const value = accept(message);
      if (value !== undefined) {
        cleanup();
        resolve(value);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what}: the process exited (code ${code})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** One of the apps under test (the bot or the bare Bolt app). */
export class AppProcess {
  #nextId = 0;
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
    readonly output: string[],
  ) {}

  /** `execArgv` e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/prof']` to profile the app. */
  static async start(
    name: string,
    file: string,
    env: Record<string, string>,
    execArgv: string[] = [],
  ): Promise<AppProcess> {
    const output: string[] = [];
    const child = forkTs(file, env, output, ['--expose-gc', ...execArgv]);
    try {
      const port = await firstMessage(
        child,
        (m) => ((m as ChildMessage).type === 'ready' ? (m as { port: number }).port : undefined),
        `starting ${name}`,
      );
      return new AppProcess(name, child, port, output);
    } catch (error) {
      child.kill();
      throw new Error(`${(error as Error).message}\n${output.slice(-20).join('\n')}`);
    }
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/slack/events`;
  }

  async request(cmd: Command['cmd'], timeoutMs = 120_000): Promise<ChildStats | undefined> {
    const id = ++this.#nextId;
    const answer = firstMessage(
      this.child,
      (m) => {
        const message = m as ChildMessage;
        return message.type === 'reply' && message.id === id ? { stats: message.stats } : undefined;
      },
      `${this.name} ${cmd}`,
    );
    this.child.send({ id, cmd });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} did not answer '${cmd}' in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return (await Promise.race([answer, timeout])).stats;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.request('stop', 30_000).catch(() => this.child.kill());
    await exited;
  }
}

/** The load generator's process, kept for several jobs (each runs to completion before the next). */
export class LoadGenerator {
  private constructor(
    readonly child: ChildProcess,
    readonly output: string[],
  ) {}

  static async start(): Promise<LoadGenerator> {
    const output: string[] = [];
    const child = forkTs('./load-process.ts', {}, output);
    await firstMessage(child, (m) => ((m as { type?: string }).type === 'ready' ? true : undefined), 'load');
    return new LoadGenerator(child, output);
  }

  async run(job: LoadJob): Promise<LoadResult> {
    const result = firstMessage(
      this.child,
      (m) => ((m as { type?: string }).type === 'result' ? (m as { result: LoadResult }).result : undefined),
      'load',
    );
    this.child.send(job);
    try {
      return await result;
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.output.slice(-20).join('\n')}`);
    }
  }

  stop(): void {
    this.child.kill();
  }
}

export interface ProcMemory {
  rssBytes: number;
  hwmBytes: number;
}

/** VmRSS and VmHWM (peak RSS) of a process, from /proc. */
export function procMemory(pid: number): ProcMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the highest seen. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = procMemory(pid)?.rssBytes ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, procMemory(pid)?.rssBytes ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, procMemory(pid)?.rssBytes ?? 0);
    },
  };
}
