import { expect } from 'chai';
import type { SequenceSpec } from '../../framework/expectations/sequence.js';
import { evaluation, stillPending, verdict } from '../builders/evaluation.js';
import { use } from '../builders/expectation-use.js';
import { pod, type InitContainerShape } from '../builders/pod.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

/** L4: two init containers, then nginx. The expect step starts at +1s; the pod is created at +2s. */
const STEP = 1_000;
const done: InitContainerShape = { terminated: { reason: 'Completed', exitCode: 0 } };
const initializing = (inits: InitContainerShape[]) => pod({ phase: 'Pending', initContainers: inits, waiting: 'PodInitializing', ip: null });
const INIT_0 = initializing([{}, { waiting: 'PodInitializing' }]);
const INIT_1 = initializing([done, {}]);
const POD_INITIALIZING = initializing([done, done]);
const RUNNING = pod({ initContainers: [done, done] });

const l4: SequenceSpec = { of: ['Init:0/2', 'Init:1/2', 'PodInitializing', 'Running'].map((status) => ({ podStatus: { target: 'app=web', status } })) };
const item = (n: number, status: string) => `[${n}] pods app=web STATUS ${status}`;

function started(): TimelineScript {
  const script = new TimelineScript();
  script.mark(STEP, 'step-start', 'expect init order', 1);
  return script;
}

describe('evaluateExpectation: sequence (a stateful judge)', () => {
  it('catches an Init:1/2 that lasted a single change, and passes when the last item comes true', async () => {
    const script = started();
    const result = evaluation(script, use('sequence', l4, { within: '2m' }), { stepStart: STEP });
    script.at(2_000, added(INIT_0));
    // The second init container starts and finishes between two changes that arrive together.
    script.at(6_000, modified(INIT_1), modified(POD_INITIALIZING));
    await stillPending(result);
    script.at(8_500, modified(RUNNING));
    expect(await verdict(result)).to.deep.include({
      kind: 'sequence',
      passed: true,
      decidedAfterMs: 7_500,
      observed: `met ${item(1, 'Init:0/2')} at +1.00s, ${item(2, 'Init:1/2')} at +5.00s, ${item(3, 'PodInitializing')} at +5.00s, ${item(4, 'Running')} at +7.50s`,
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('fails at the window\'s end naming the item it waits for, when a state it needs never showed', async () => {
    const script = started();
    const result = evaluation(script, use('sequence', l4, { within: '30s' }), { stepStart: STEP });
    script.at(2_000, added(INIT_0));
    script.at(6_000, modified(POD_INITIALIZING));
    script.at(8_500, modified(RUNNING));
    await stillPending(result);
    script.advanceTo(STEP + 30_000);
    expect(await verdict(result)).to.deep.include({
      passed: false,
      reason: 'not met within 30s',
      observed: `met ${item(1, 'Init:0/2')} at +1.00s; waiting for ${item(2, 'Init:1/2')} (observed: web-0: Running); then ${item(3, 'PodInitializing')}, then ${item(4, 'Running')}`,
    });
  });

  it('starts one judge per evaluation: a second evaluation remembers nothing of the first', async () => {
    const script = started();
    const first = evaluation(script, use('sequence', l4, { within: '2m' }), { stepStart: STEP });
    script.at(2_000, added(INIT_0));
    script.at(4_000, modified(INIT_1));
    const second = evaluation(script, use('sequence', l4, { within: '2m' }), { stepStart: 4_000 });
    script.at(6_000, modified(POD_INITIALIZING));
    script.at(8_000, modified(RUNNING));
    expect(await verdict(first)).to.include({ passed: true });
    await stillPending(second);
  });

  it('replays the states since the fault: items met during it count, at times before the step', async () => {
    const script = new TimelineScript();
    script.at(0, added(pod({ podReady: false })));
    script.mark(10_000, 'step-start', 'fault deletePod', 1);
    script.at(10_200, modified(pod({ podReady: false, deletionTimestamp: 10_200 })));
    script.mark(10_500, 'step-start', 'expect', 2);
    const spec: SequenceSpec = { of: [{ podStatus: { target: 'app=web', status: 'Terminating' } }, { phase: { target: 'app=web', phase: 'Running' } }] };
    const result = evaluation(script, use('sequence', spec, { within: '30s' }), { stepStart: 10_500, since: 10_000, replayFrom: 10_000 });
    expect(await verdict(result)).to.deep.include({
      passed: true,
      decidedAfterMs: 0,
      observed: 'met [1] pods app=web STATUS Terminating at -300ms, [2] pods app=web in phase Running at -300ms',
    });
  });

  it('with never, fails the moment the whole sequence has happened', async () => {
    const script = started();
    const spec: SequenceSpec = { of: [{ ready: { target: 'app=web', status: false } }, { ready: { target: 'app=web' } }] };
    const result = evaluation(script, use('sequence', spec, { never: '1m' }), { stepStart: STEP });
    script.at(2_000, added(pod()));
    script.at(3_000, modified(pod({ podReady: false })));
    await stillPending(result);
    script.at(4_000, modified(pod()));
    expect(await verdict(result)).to.include({ passed: false, reason: 'it happened after 3.00s', decidedAfterMs: 3_000 });
  });

  it('sets the recheck timer the item it waits for asks for, and fails through it', async () => {
    const script = started();
    const spec: SequenceSpec = {
      of: [{ podStatus: { target: 'app=web', status: 'Terminating' } }, { terminating: { target: 'app=web', between: ['1s', '5s'] } }],
    };
    const result = evaluation(script, use('sequence', spec, { within: '1m' }), { stepStart: STEP });
    script.at(2_000, added(pod()));
    script.at(3_000, modified(pod({ deletionTimestamp: 3_000 })));
    script.advanceTo(3_000 + 5_000);
    await stillPending(result);
    script.advanceTo(3_000 + 5_001);
    expect(await verdict(result)).to.include({
      passed: false,
      decidedAfterMs: 7_001,
      reason: '[2] pods app=web Terminating for between 1s and 5s can no longer be met: pod web-0 was still Terminating after 5s',
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });
});
