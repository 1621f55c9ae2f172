/**
 * Counts work still running after Slack was answered (listeners keep going after `ack()`),
 * so shutdown can finish it and tests can wait for it instead of sleeping.
 */
export class InFlightWork {
  #running = 0;
  #waiters: (() => void)[] = [];

  async track<T>(work: Promise<T>): Promise<T> {
    this.#running += 1;
    try {
      return await work;
    } finally {
      this.#running -= 1;
      if (this.#running === 0) for (const wake of this.#waiters.splice(0)) wake();
    }
  }

  get running(): number {
    return this.#running;
  }

  /** Resolves once nothing is running (immediately if nothing is). */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
