/**
 * Runs tasks with at most `limit` at once, in the order they were queued.
 *
 * @example
 * const pool = new RunPool(4);
 * const results = await Promise.all(scenarios.map((s) => pool.run(() => runScenario(s, options))));
 */
export class RunPool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`expected a concurrency of at least 1, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
