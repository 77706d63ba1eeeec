import { expect } from 'chai';
import { InterruptGuard } from '../../framework/cli/interrupts.js';
import { CleanupStack } from '../../framework/engine/cleanup-stack.js';
import { flushMicrotasks } from '../builders/promises.js';

describe('InterruptGuard: Ctrl-C once aborts, twice says what is left, three times exits 130', () => {
  let printed: string[];
  let exits: number[];
  let guard: InterruptGuard;

  beforeEach(() => {
    printed = [];
    exits = [];
    guard = new InterruptGuard((line) => printed.push(line), (code) => exits.push(code));
  });

  it('first signal: aborts the run with the signal named, prints how to see what is left, does not exit', () => {
    guard.onSignal('SIGINT');
    expect(guard.signal.aborted).to.equal(true);
    expect((guard.signal.reason as Error).message).to.equal('interrupted by SIGINT');
    expect(printed).to.deep.equal(['\nSIGINT: stopping the run and cleaning up (press Ctrl-C again to see what is left).']);
    expect(exits).to.deep.equal([]);
  });

  it('second signal: names what is being cleaned up right now and what is still pending, and does not exit', async () => {
    const cleanup = new CleanupStack();
    let namespaceGone = (): void => {};
    cleanup.push('delete namespace fl-p1-a1', () => new Promise<void>((resolve) => { namespaceGone = resolve; }));
    cleanup.push('stop watching', async () => undefined);
    guard.track(cleanup);
    const other = new CleanupStack();
    other.push('delete namespace fl-p2-b2', async () => undefined);
    guard.track(other);

    guard.onSignal('SIGINT');
    const running = cleanup.run();
    await flushMicrotasks();
    expect(cleanup.inProgress).to.equal('delete namespace fl-p1-a1');
    guard.onSignal('SIGINT');

    expect(printed[1]).to.equal('Still cleaning up: delete namespace fl-p1-a1; delete namespace fl-p2-b2. '
      + 'Press Ctrl-C once more to exit now and leave it to `faultline sweep`.');
    expect(exits).to.deep.equal([]);
    namespaceGone();
    expect(await running).to.deep.equal([]);
  });

  it('second signal with nothing left: says cleanup is finishing', () => {
    guard.onSignal('SIGTERM');
    guard.onSignal('SIGTERM');
    expect(printed[1]).to.equal('Cleanup is finishing. Press Ctrl-C once more to exit now.');
  });

  it('third signal: exits with 130 at once, naming what is left for faultline sweep', () => {
    const cleanup = new CleanupStack();
    cleanup.push('delete namespace fl-p1-a1', async () => undefined);
    cleanup.push('stop watching', async () => undefined);
    guard.track(cleanup);
    guard.onSignal('SIGINT');
    guard.onSignal('SIGINT');
    expect(exits).to.deep.equal([]);
    guard.onSignal('SIGINT');

    expect(exits).to.deep.equal([130]);
    expect(printed[2]).to.equal('Exiting without finishing cleanup. Left behind: stop watching; delete namespace fl-p1-a1. Run `faultline sweep` to remove it.');
  });

  it('installs and uninstalls its process handlers', () => {
    const before = process.listenerCount('SIGINT');
    guard.install();
    expect(process.listenerCount('SIGINT')).to.equal(before + 1);
    expect(process.listenerCount('SIGTERM')).to.be.at.least(1);
    guard.uninstall();
    expect(process.listenerCount('SIGINT')).to.equal(before);
  });
});
