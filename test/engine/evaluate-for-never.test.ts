import { expect } from 'chai';
import { evaluation, stillPending, verdict } from '../builders/evaluation.js';
import { use } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

const SINCE = 10_000;
const STEP = 10_500;

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.advanceTo(STEP);
  return script;
}

describe('evaluateExpectation: for', () => {
  const readyFor10s = use('ready', { target: 'app=web' }, { for: '10s' });

  it('passes when the window ends if it held at every moment', async () => {
    const script = cluster();
    const result = evaluation(script, readyFor10s, { stepStart: STEP, since: SINCE });
    script.at(14_000, modified(pod({ resourceVersion: '1001' })));
    script.advanceTo(STEP + 9_999);
    await stillPending(result);
    script.advanceTo(STEP + 10_000);
    expect(await verdict(result)).to.deep.equal({
      kind: 'ready',
      description: 'pods app=web Ready for 10s',
      passed: true,
      observed: 'web-0: Ready',
      decidedAfterMs: 10_000,
      window: 'for 10s',
      source: 'scenarios/p1.yaml:14:9',
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('fails the moment it stops holding', async () => {
    const script = cluster();
    const result = evaluation(script, readyFor10s, { stepStart: STEP, since: SINCE });
    script.at(14_000, modified(pod({ podReady: false })));
    expect(await verdict(result)).to.include({
      passed: false, reason: 'it stopped holding after 3.50s', observed: 'web-0: not Ready', decidedAfterMs: 3_500,
    });
    expect(script.clock.now()).to.equal(T0 + 14_000);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('fails on a blip: NotReady between two changes arriving together', async () => {
    const script = cluster();
    const result = evaluation(script, readyFor10s, { stepStart: STEP, since: SINCE });
    script.at(14_000, modified(pod({ podReady: false })), modified(pod()));
    expect(await verdict(result)).to.include({ passed: false, decidedAfterMs: 3_500, observed: 'web-0: not Ready' });
  });

  it('fails at once when it does not hold at the start of the step', async () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod({ podReady: false })));
    script.advanceTo(STEP);
    const result = evaluation(script, readyFor10s, { stepStart: STEP, since: SINCE });
    expect(await verdict(result)).to.include({ passed: false, decidedAfterMs: 0, reason: 'it stopped holding after 0ms' });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('judges from the step\'s start only, not from the evidence window', async () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod()));
    script.at(10_100, modified(pod({ podReady: false })));
    script.at(10_300, modified(pod()));
    script.advanceTo(STEP);
    const result = evaluation(script, readyFor10s, { stepStart: STEP, since: SINCE });
    script.advanceTo(STEP + 10_000);
    expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 10_000 });
  });
});

describe('evaluateExpectation: never', () => {
  const neverRestarts = use('restarts', { target: 'app=web', atLeast: 1 }, { never: '20s' });

  it('passes when the window ends if it never happened', async () => {
    const script = cluster();
    const result = evaluation(script, neverRestarts, { stepStart: STEP, since: SINCE });
    script.at(20_000, modified(pod({ podReady: false })));
    script.advanceTo(STEP + 19_999);
    await stillPending(result);
    script.advanceTo(STEP + 20_000);
    expect(await verdict(result)).to.include({
      passed: true, decidedAfterMs: 20_000, window: 'never during 20s', observed: 'web-0: restartCount 0',
      description: 'restartCount of pods app=web >= 1 never during 20s',
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('fails the moment it happens', async () => {
    const script = cluster();
    const result = evaluation(script, neverRestarts, { stepStart: STEP, since: SINCE });
    script.at(16_500, modified(pod({ restartCount: 1 })));
    expect(await verdict(result)).to.include({
      passed: false, reason: 'it happened after 6.00s', observed: 'web-0: restartCount 1', decidedAfterMs: 6_000,
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('fails on a blip between two changes arriving together', async () => {
    const script = cluster();
    const result = evaluation(script, use('ready', { target: 'app=web', status: false }, { never: '20s' }), { stepStart: STEP, since: SINCE });
    script.at(12_000, modified(pod({ podReady: false })), modified(pod()));
    expect(await verdict(result)).to.include({ passed: false, decidedAfterMs: 1_500, reason: 'it happened after 1.50s' });
  });

  it('ignores what happened before the step began', async () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod()));
    script.at(10_100, modified(pod({ podReady: false })));
    script.at(10_300, modified(pod()));
    script.advanceTo(STEP);
    const result = evaluation(script, use('ready', { target: 'app=web', status: false }, { never: '5s' }), { stepStart: STEP, since: SINCE });
    script.advanceTo(STEP + 5_000);
    expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 5_000 });
  });
});
