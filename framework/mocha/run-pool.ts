/**
 * Runs tasks with at most `limit` at once, in the order they were queued. An exclusive task (a
 * scenario that stops or drains a node, which would disturb every other scenario's pods) waits
 * until nothing else runs, and nothing starts while it runs.
 *
 * @example
 * const pool = new RunPool(4);
 * const results = await Promise.all(scenarios.map((s) => pool.run(() => runScenario(s, options))));
 */
export class RunPool {
  private active = 0;
  private exclusiveActive = false;
  private readonly waiting: Array<{ readonly exclusive: boolean; readonly start: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`expected a concurrency of at least 1, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>, options: { exclusive?: boolean } = {}): Promise<T> {
    const exclusive = options.exclusive === true;
    await new Promise<void>((start) => {
      this.waiting.push({ exclusive, start });
      this.pump();
    });
    try {
      return await task();
    } finally {
      this.active--;
      if (exclusive) this.exclusiveActive = false;
      this.pump();
    }
  }

  /** Starts queued tasks, in order, while the head of the queue may start. */
  private pump(): void {
    for (let next = this.waiting[0]; next !== undefined; next = this.waiting[0]) {
      const free = next.exclusive ? this.active === 0 : this.active < this.limit && !this.exclusiveActive;
      if (!free) return;
      this.waiting.shift();
      this.active++;
      if (next.exclusive) this.exclusiveActive = true;
      next.start();
    }
  }
}
