import { expect } from 'chai';
import { ManualClock } from '../../framework/engine/clock.js';
import type { StepOutcome } from '../../framework/engine/scenario-result.js';
import type { StepStarted } from '../../framework/engine/step-progress.js';
import { LiveProgress, statusText } from '../../framework/cli/live-progress.js';
import { ClusterView } from '../../framework/observe/cluster-view.js';
import { pod, type PodShape } from '../builders/pod.js';
import { expectStep, faultStep } from '../builders/steps.js';
import { use } from '../builders/expectation-use.js';

const CLEAR = '\r\u001b[2K';

function viewOf(...shapes: PodShape[]): ClusterView {
  return ClusterView.fold(shapes.map((shape, index) => ({ type: 'change' as const, at: index, verb: 'ADDED' as const, kind: 'Pod' as const, object: pod(shape) })));
}

const restartsStep = expectStep([
  use('restarts', { target: { selector: 'app=web', container: 'web' }, atLeast: 1 } as never, { within: '45s' }),
  use('event', { reason: 'Unhealthy' } as never),
], { index: 3 });

/** A terminal that records what was written, and a line sink. */
function harness(options: { tty: boolean; columns?: number }) {
  const clock = new ManualClock(1_000_000);
  const writes: string[] = [];
  const lines: string[] = [];
  const terminal = { write: (text: string) => writes.push(text), columns: options.columns ?? 200 };
  const progress = new LiveProgress({ lines: (line) => lines.push(line), clock, ...(options.tty && { terminal }) });
  let view = viewOf({ name: 'web-7d9f' });
  const start = (scenario = 'http-liveness-rename', step = restartsStep): StepStarted => {
    const started = { scenario, step, stepCount: 5, at: clock.now(), view: () => view };
    progress.stepStarted(started);
    return started;
  };
  return { clock, writes, lines, progress, start, setView: (next: ClusterView) => { view = next; } };
}

const passed = (index: number): StepOutcome => ({ index, name: 'x', action: 'expect', status: 'passed', expectations: [] });

describe('LiveProgress', () => {
  it('says which step runs, what it waits for, how long, and the pods as last observed', () => {
    const { clock, start } = harness({ tty: false });
    const started = start();
    clock.advance(12_400);
    expect(statusText(started, clock.now())).to.equal('http-liveness-rename · step 3/5 expect restartCount of pods app=web, container web >= 1 within 45s (+1 more)'
      + ' · waiting 12s · web-7d9f Running, 0 restarts, Ready');
    const fault = { ...started, step: faultStep('deletePod', { target: 'app=web' } as never, { index: 2 }), view: () => viewOf({ name: 'web-a', restartCount: 2, podReady: false, waiting: 'CrashLoopBackOff' }, { name: 'web-b' }, { name: 'web-c' }) };
    expect(statusText(fault, clock.now())).to.equal('http-liveness-rename · step 2/5 fault deletePod · waiting 12s'
      + ' · web-a CrashLoopBackOff, 2 restarts, NotReady; web-b Running, 0 restarts, Ready; +1 more pods');
  });

  describe('on a TTY', () => {
    it('rewrites one status line in place, at most every 250 ms and only when it changed', () => {
      const { clock, writes, start, setView } = harness({ tty: true });
      start();
      // However often the cluster changes, the line is drawn on the refresh ticks only.
      for (let ms = 0; ms < 10_000; ms += 10) {
        setView(viewOf({ name: 'web-7d9f', restartCount: Math.floor(ms / 5000) }));
        clock.advance(10);
      }
      expect(writes.length).to.be.at.most(10_000 / 250);
      expect(writes.every((write) => write.startsWith(CLEAR))).to.equal(true);
      expect(writes.map((write) => /waiting (\d+)s/.exec(write)![1])).to.deep.equal(['0', '1', '2', '3', '4', '5', '5', '6', '7', '8', '9', '10']);
      expect(writes.at(-1)).to.contain('web-7d9f Running, 1 restart, Ready');
    });

    it('writes permanent lines above the status line, and other output (mocha on stdout) too', () => {
      const { clock, writes, lines, progress, start } = harness({ tty: true });
      start();
      clock.advance(250);
      const status = writes.at(-1)!.slice(CLEAR.length);
      writes.length = 0;
      progress.line('  http-liveness-rename │   passed');
      expect(writes).to.deep.equal([CLEAR, status]);
      expect(lines).to.deep.equal(['  http-liveness-rename │   passed']);

      const stdout: string[] = [];
      const stream = { write: (text: string) => { stdout.push(text); writes.push(`stdout:${text}`); return true; } };
      const restore = progress.interleave(stream as never);
      writes.length = 0;
      stream.write('    ✔ http-liveness-rename\n');
      expect(writes).to.deep.equal([CLEAR, 'stdout:    ✔ http-liveness-rename\n', status]);
      restore();
      writes.length = 0;
      stream.write('after\n');
      expect(writes).to.deep.equal(['stdout:after\n']);
    });

    it('shows the step that has waited longest, says how many others run, and fits the terminal width', () => {
      const { clock, writes, start } = harness({ tty: true, columns: 80 });
      start('slow-scenario');
      clock.advance(5_000);
      start('quick-scenario');
      clock.advance(250);
      expect(writes.at(-1)!.length).to.equal(CLEAR.length + 79);
      expect(writes.at(-1)).to.match(/^\r\u001b\[2Kslow-scenario · step 3\/5 .*…$/);
      const wide = harness({ tty: true, columns: 400 });
      wide.start('slow-scenario');
      wide.clock.advance(5_000);
      wide.start('quick-scenario');
      wide.clock.advance(250);
      expect(wide.writes.at(-1)).to.match(/^\r\u001b\[2Kslow-scenario · .* · waiting 5s · .* \(\+1 more running\)$/);
    });

    it('clears the line and stops its timer when no step runs any more', () => {
      const { clock, writes, progress, start } = harness({ tty: true });
      start();
      clock.advance(1_000);
      progress.stepEnded('http-liveness-rename', passed(3));
      expect(writes.at(-1)).to.equal(CLEAR);
      expect(clock.pendingTimers).to.equal(0);
      const count = writes.length;
      clock.advance(60_000);
      expect(writes.length).to.equal(count);
    });
  });

  describe('without a TTY (CI logs)', () => {
    it('never rewrites a line, and prints one reminder every 30 s while a step still waits', () => {
      const { clock, writes, lines, progress, start } = harness({ tty: false });
      start();
      clock.advance(29_999);
      expect(lines).to.deep.equal([]);
      clock.advance(1);
      clock.advance(45_000);
      expect(lines).to.deep.equal([
        '  http-liveness-rename · step 3/5 expect restartCount of pods app=web, container web >= 1 within 45s (+1 more) · waiting 30s · web-7d9f Running, 0 restarts, Ready',
        '  http-liveness-rename · step 3/5 expect restartCount of pods app=web, container web >= 1 within 45s (+1 more) · waiting 60s · web-7d9f Running, 0 restarts, Ready',
      ]);
      progress.stepEnded('http-liveness-rename', passed(3));
      expect(clock.pendingTimers).to.equal(0);
      clock.advance(120_000);
      expect(lines).to.have.length(2);
      expect(writes).to.deep.equal([]);
    });

    it('passes permanent lines straight through', () => {
      const { lines, progress } = harness({ tty: false });
      progress.line('  p1 │ step 1/5: web is ready');
      expect(lines).to.deep.equal(['  p1 │ step 1/5: web is ready']);
    });
  });
});
