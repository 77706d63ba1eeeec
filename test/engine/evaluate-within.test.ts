import { expect } from 'chai';
import { evaluation, stillPending, verdict } from '../builders/evaluation.js';
import { event, MESSAGES } from '../builders/event.js';
import { use } from '../builders/expectation-use.js';
import { endpointSlice } from '../builders/endpoints.js';
import { pod, podIp } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

/**
 * P1/P2 on a timeline: web-0 is Ready from +1s; the fault step starts at +10s (the evidence
 * window) and the expect step at +10.5s. Windows are measured from the expect step's start.
 */
const SINCE = 10_000;
const STEP = 10_500;

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.mark(SINCE, 'step-start', 'fault renameFile', 1);
  script.mark(STEP, 'step-start', 'expect', 2);
  return script;
}

const restartedOnce = { restartCount: 1, lastTerminated: { reason: 'Completed', exitCode: 0 } };

describe('evaluateExpectation: within', () => {
  it('passes at the exact moment of the change that makes it true, leaving no timer', async () => {
    const script = cluster();
    const result = evaluation(script, use('restarts', { target: { selector: 'app=web', container: 'web' }, atLeast: 1 }, { within: '30s' }), { stepStart: STEP, since: SINCE });
    script.at(21_000, added(event({ type: 'Normal', reason: 'Killing', message: MESSAGES.killing })));
    await stillPending(result);
    script.at(21_400, modified(pod(restartedOnce)));
    expect(await verdict(result)).to.deep.equal({
      kind: 'restarts',
      description: 'restartCount of pods app=web, container web >= 1 within 30s',
      passed: true,
      observed: 'web-0/web: restartCount 1',
      decidedAfterMs: 10_900,
      window: 'within 30s',
      source: 'scenarios/p1.yaml:14:9',
    });
    expect(script.clock.now()).to.equal(T0 + 21_400);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('fails when the window ends, with what it saw last', async () => {
    const script = cluster();
    const result = evaluation(script, use('restarts', { target: 'app=web', atLeast: 1 }, { within: '30s' }), { stepStart: STEP, since: SINCE });
    script.at(15_000, modified(pod({ resourceVersion: '1001' })));
    script.advanceTo(STEP + 29_999);
    await stillPending(result);
    script.advanceTo(STEP + 30_000);
    const outcome = await verdict(result);
    expect(outcome).to.include({ passed: false, reason: 'not met within 30s', observed: 'web-0: restartCount 0', decidedAfterMs: 30_000 });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('does not miss a NotReady moment between two changes arriving together', async () => {
    const script = cluster();
    const result = evaluation(script, use('ready', { target: 'app=web', status: false }, { within: '30s' }), { stepStart: STEP, since: SINCE });
    script.at(15_000, modified(pod({ podReady: false })), modified(pod()));
    expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 4_500, observed: 'web-0: not Ready' });
    expect(script.timeline.view.pods[0]!.pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).to.equal('True');
  });

  it('does not count a state that came and went before the evidence window', async () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod()));
    script.at(5_000, modified(pod({ podReady: false })));
    script.at(6_000, modified(pod()));
    script.advanceTo(STEP);
    const result = evaluation(script, use('ready', { target: 'app=web', status: false }, { within: '10s' }), { stepStart: STEP, since: SINCE });
    script.advanceTo(STEP + 10_000);
    expect(await verdict(result)).to.include({ passed: false, reason: 'not met within 10s', observed: 'web-0: Ready' });
  });

  // Replay starts at the evidence window, before the step: a state that holds there passes
  // (after 0ms). It must not be taken for "too early" when the window has no `after`.
  describe('states reached between the evidence window and the step\'s start', () => {
    it('passes at once, after 0ms, when the state was reached between the fault and the step', async () => {
      const script = new TimelineScript();
      script.at(1_000, added(pod()));
      script.at(10_200, modified(pod(restartedOnce)));
      script.advanceTo(STEP);
      const result = evaluation(script, use('restarts', { target: 'app=web', atLeast: 1 }, { within: '30s' }), { stepStart: STEP, since: SINCE });
      expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 0, observed: 'web-0: restartCount 1' });
      expect(script.clock.pendingTimers).to.equal(0);
    });

    it('does not miss a NotReady moment that came and went between the fault and the step', async () => {
      const script = new TimelineScript();
      script.at(1_000, added(pod()));
      script.at(10_100, modified(pod({ podReady: false })));
      script.at(10_300, modified(pod()));
      script.advanceTo(STEP);
      const result = evaluation(script, use('ready', { target: 'app=web', status: false }, { within: '30s' }), { stepStart: STEP, since: SINCE, replayFrom: SINCE });
      expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 0, observed: 'web-0: not Ready' });
    });

    it('judges only the current state when no fault came right before the step', async () => {
      const script = new TimelineScript();
      script.at(1_000, added(pod()));
      script.at(10_100, modified(pod({ podReady: false })));
      script.at(10_300, modified(pod()));
      script.advanceTo(STEP);
      const result = evaluation(script, use('ready', { target: 'app=web', status: false }, { within: '30s' }), { stepStart: STEP, since: SINCE });
      await stillPending(result);
    });

    it('never takes the state from before the fault as evidence', async () => {
      const script = new TimelineScript();
      script.at(1_000, added(pod()));
      script.at(10_100, modified(pod({ deletionTimestamp: 10_100 })));
      script.advanceTo(STEP);
      // Ready held before the fault deleted the pod; only states since the fault count.
      const result = evaluation(script, use('ready', { target: 'app=web' }, { within: '30s' }), { stepStart: STEP, since: SINCE, replayFrom: SINCE });
      await stillPending(result);
      script.advanceTo(STEP + 30_000);
      expect(await verdict(result)).to.include({ passed: false, reason: 'not met within 30s', observed: 'every pod of pods app=web is Terminating (web-0)' });
    });

    it('counts an event seen between the fault and the step', async () => {
      const script = new TimelineScript();
      script.at(1_000, added(pod()));
      script.at(10_200, added(event({ reason: 'Unhealthy', message: MESSAGES.readiness404 })));
      script.advanceTo(STEP);
      const result = evaluation(script, use('event', { reason: 'Unhealthy', message: 'Readiness probe failed' }, { within: '30s' }), { stepStart: STEP, since: SINCE });
      expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 0 });
    });

    it('a second waitFor step passes on a state reached during the first (no fault in between)', async () => {
      const script = new TimelineScript();
      script.mark(0, 'run-start', 'run p2');
      script.at(1_000, added(pod({ podReady: false })));
      script.at(8_000, modified(pod()));
      script.at(9_000, added(endpointSlice('web', [podIp('web-0')])));
      script.advanceTo(9_100);
      const result = evaluation(script, use('endpoints', { service: 'web', target: 'app=web', present: true }, { within: '2m' }), { stepStart: 9_100, since: 0 });
      expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 0 });
    });
  });

  describe('with after (between A and B)', () => {
    const restartsBetween = use('restarts', { target: 'app=web', atLeast: 1 }, { within: '30s', after: '5s' });

    it('fails the moment it becomes true too early', async () => {
      const script = cluster();
      const result = evaluation(script, restartsBetween, { stepStart: STEP, since: SINCE });
      script.at(STEP + 3_000, modified(pod(restartedOnce)));
      expect(await verdict(result)).to.include({
        passed: false,
        reason: 'it happened after 3.00s, earlier than the 5.00s allowed',
        decidedAfterMs: 3_000,
        window: 'between 5s and 30s',
        description: 'restartCount of pods app=web >= 1 between 5s and 30s',
      });
      expect(script.clock.pendingTimers).to.equal(0);
    });

    it('passes when it becomes true at the lower bound or later', async () => {
      const script = cluster();
      const result = evaluation(script, restartsBetween, { stepStart: STEP, since: SINCE });
      script.at(STEP + 5_000, modified(pod(restartedOnce)));
      expect(await verdict(result)).to.include({ passed: true, decidedAfterMs: 5_000 });
    });

    it('fails when it was already true before the step began', async () => {
      const script = new TimelineScript();
      script.at(1_000, added(pod()));
      script.at(10_200, modified(pod(restartedOnce)));
      script.advanceTo(STEP);
      const result = evaluation(script, restartsBetween, { stepStart: STEP, since: SINCE });
      expect(await verdict(result)).to.include({ passed: false, decidedAfterMs: 0, reason: 'it happened after 0ms, earlier than the 5.00s allowed' });
    });
  });
});
