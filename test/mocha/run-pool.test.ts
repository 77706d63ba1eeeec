import { expect } from 'chai';
import { RunPool } from '../../framework/mocha/run-pool.js';

/** A task the test finishes by hand, recording when it started. */
function manualTask(log: string[], name: string): { task: () => Promise<string>; finish: () => void } {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  return { task: async () => { log.push(`start ${name}`); await done; log.push(`end ${name}`); return name; }, finish };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RunPool', () => {
  it('runs at most `limit` tasks at once, starting the next one as soon as one ends, in queue order', async () => {
    const log: string[] = [];
    const pool = new RunPool(2);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => manualTask(log, name));
    const results = [a!, b!, c!].map(({ task }) => pool.run(task));
    await settle();
    expect(log).to.deep.equal(['start a', 'start b']);
    b!.finish();
    await settle();
    expect(log).to.deep.equal(['start a', 'start b', 'end b', 'start c']);
    a!.finish();
    c!.finish();
    expect(await Promise.all(results)).to.deep.equal(['a', 'b', 'c']);
  });

  it('frees the place of a task that failed', async () => {
    const pool = new RunPool(1);
    const failing = pool.run(async () => { throw new Error('boom'); });
    const next = pool.run(async () => 'next');
    await failing.then(() => expect.fail('should reject'), (error: Error) => expect(error.message).to.equal('boom'));
    expect(await next).to.equal('next');
  });

  it('refuses a limit below 1, saying what it expected', () => {
    expect(() => new RunPool(0)).to.throw(RangeError, 'expected a concurrency of at least 1, got 0');
  });

  describe('exclusive tasks (scenarios that stop or drain nodes)', () => {
    it('an exclusive task waits until every running task has ended, and later tasks wait behind it (FIFO)', async () => {
      const log: string[] = [];
      const pool = new RunPool(4);
      const [a, b, node, c] = ['a', 'b', 'node', 'c'].map((name) => manualTask(log, name));
      const results = [pool.run(a!.task), pool.run(b!.task), pool.run(node!.task, { exclusive: true }), pool.run(c!.task)];
      await settle();
      expect(log, 'c has a free place but is queued behind the exclusive task').to.deep.equal(['start a', 'start b']);
      a!.finish();
      await settle();
      expect(log).to.deep.equal(['start a', 'start b', 'end a']);
      b!.finish();
      await settle();
      expect(log).to.deep.equal(['start a', 'start b', 'end a', 'end b', 'start node']);
      node!.finish();
      await settle();
      expect(log).to.deep.equal(['start a', 'start b', 'end a', 'end b', 'start node', 'end node', 'start c']);
      c!.finish();
      expect(await Promise.all(results)).to.deep.equal(['a', 'b', 'node', 'c']);
    });

    it('runs alone: nothing starts while it runs, then the queue goes on in order up to the limit', async () => {
      const log: string[] = [];
      const pool = new RunPool(2);
      const [node, a, b, c] = ['node', 'a', 'b', 'c'].map((name) => manualTask(log, name));
      const results = [pool.run(node!.task, { exclusive: true }), pool.run(a!.task), pool.run(b!.task), pool.run(c!.task)];
      await settle();
      expect(log).to.deep.equal(['start node']);
      node!.finish();
      await settle();
      expect(log).to.deep.equal(['start node', 'end node', 'start a', 'start b']);
      a!.finish();
      b!.finish();
      c!.finish();
      expect(await Promise.all(results)).to.deep.equal(['node', 'a', 'b', 'c']);
    });

    it('two exclusive tasks run one after the other, in queue order, and a failing one frees the pool', async () => {
      const log: string[] = [];
      const pool = new RunPool(3);
      const [first, second] = ['first', 'second'].map((name) => manualTask(log, name));
      const failing = pool.run(async () => { log.push('start failing'); throw new Error('node did not come back'); }, { exclusive: true });
      const results = [pool.run(first!.task, { exclusive: true }), pool.run(second!.task, { exclusive: true })];
      await failing.then(() => expect.fail('should reject'), (error: Error) => expect(error.message).to.equal('node did not come back'));
      await settle();
      expect(log).to.deep.equal(['start failing', 'start first']);
      first!.finish();
      await settle();
      expect(log).to.deep.equal(['start failing', 'start first', 'end first', 'start second']);
      second!.finish();
      expect(await Promise.all(results)).to.deep.equal(['first', 'second']);
    });
  });
});
