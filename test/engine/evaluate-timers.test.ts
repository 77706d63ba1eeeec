import { expect } from 'chai';
import { evaluation, stillPending, verdict } from '../builders/evaluation.js';
import { use } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks } from '../builders/promises.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';

const SINCE = 10_000;
const STEP = 10_500;
/** L2: grace period 20s, preStop never ends: Terminating for 20-30 s on a real cluster. */
const terminatingUse = use('terminating', { target: 'app=web', between: ['20s', '30s'] }, {}, 60_000);

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.advanceTo(STEP);
  return script;
}
const terminatingPod = (deletionAt: number) => pod({ deletionTimestamp: deletionAt, deletionGracePeriodSeconds: 20, podReady: false });

describe('evaluateExpectation: timers and cancellation', () => {
  describe('a measured duration (terminating)', () => {
    it('fails through its recheck timer once the maximum has passed, before DELETED arrives', async () => {
      const script = cluster();
      const result = evaluation(script, terminatingUse, { stepStart: STEP, since: SINCE });
      script.at(12_000, modified(terminatingPod(12_000)));
      expect(script.clock.pendingTimers).to.equal(2);
      script.advanceTo(12_000 + 30_000);
      await stillPending(result);
      script.advanceTo(12_000 + 30_001);
      expect(await verdict(result)).to.include({
        passed: false,
        reason: 'pod web-0 was still Terminating after 30s',
        observed: 'web-0: Terminating for 30.0s so far',
        decidedAfterMs: 31_501,
        window: 'within 1m',
      });
      expect(script.clock.pendingTimers).to.equal(0);
    });

    it('sets the recheck timer at the start for a pod already Terminating when the step begins', async () => {
      const script = new TimelineScript();
      script.at(1_000, added(pod()));
      script.at(10_200, modified(terminatingPod(10_200)));
      script.advanceTo(STEP);
      const result = evaluation(script, terminatingUse, { stepStart: STEP, since: SINCE });
      script.advanceTo(10_200 + 30_000);
      await stillPending(result);
      script.advanceTo(10_200 + 30_001);
      expect(await verdict(result)).to.include({ passed: false, reason: 'pod web-0 was still Terminating after 30s', decidedAfterMs: 29_701 });
    });

    it('fails the moment the pod is removed too soon', async () => {
      const script = cluster();
      const result = evaluation(script, terminatingUse, { stepStart: STEP, since: SINCE });
      script.at(12_000, modified(terminatingPod(12_000)));
      script.at(15_000, deleted(terminatingPod(12_000)));
      expect(await verdict(result)).to.include({
        passed: false, reason: 'pod web-0 was removed after 3.00s, before 20s', decidedAfterMs: 4_500,
      });
      expect(script.clock.pendingTimers).to.equal(0);
    });

    it('passes the moment the pod is removed within the range', async () => {
      const script = cluster();
      const result = evaluation(script, terminatingUse, { stepStart: STEP, since: SINCE });
      script.at(12_000, modified(terminatingPod(12_000)));
      script.at(37_000, deleted(terminatingPod(12_000)));
      expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 26_500, observed: 'web-0: Terminating for 25.0s, then removed' });
      expect(script.clock.pendingTimers).to.equal(0);
    });
  });

  describe('abort', () => {
    it('rejects with the signal\'s reason and leaves no timer or listener behind', async () => {
      const script = cluster();
      const controller = new AbortController();
      const result = evaluation(script, use('restarts', { target: 'app=web', atLeast: 1 }, { within: '30s' }), { stepStart: STEP, since: SINCE, signal: controller.signal });
      script.at(12_000, modified(pod({ resourceVersion: '1001' })));
      controller.abort(new Error('interrupted (SIGINT)'));
      await flushMicrotasks();
      expect(result.state).to.equal('rejected');
      expect((result.reason as Error).message).to.equal('interrupted (SIGINT)');
      expect(script.clock.pendingTimers).to.equal(0);
      script.at(13_000, modified(pod({ restartCount: 1 })));
      await flushMicrotasks();
      expect(result.state).to.equal('rejected');
    });

    it('rejects at once when the signal is already aborted and nothing is decided yet', async () => {
      const script = cluster();
      const controller = new AbortController();
      controller.abort(new Error('another expectation of this step failed'));
      const result = evaluation(script, use('restarts', { target: 'app=web', atLeast: 1 }, { within: '30s' }), { stepStart: STEP, since: SINCE, signal: controller.signal });
      await flushMicrotasks();
      expect(result.state).to.equal('rejected');
      expect((result.reason as Error).message).to.equal('another expectation of this step failed');
      expect(script.clock.pendingTimers).to.equal(0);
    });

    it('ignores an abort after the verdict', async () => {
      const script = cluster();
      const controller = new AbortController();
      const result = evaluation(script, use('restarts', { target: 'app=web', atLeast: 1 }, { within: '30s' }), { stepStart: STEP, since: SINCE, signal: controller.signal });
      script.at(12_000, modified(pod({ restartCount: 1 })));
      controller.abort(new Error('too late'));
      expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 1_500 });
    });
  });
});
