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
});
