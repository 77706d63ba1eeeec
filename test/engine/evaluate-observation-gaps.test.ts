import { expect } from 'chai';
import { evaluateExpectation, ObservationLostError, type Observation } from '../../framework/engine/evaluate-expectation.js';
import type { ExpectationUse } from '../../framework/model/scenario.js';
import type { WatchGap } from '../../framework/observe/resilient-watch.js';
import { use } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks, track } from '../builders/promises.js';
import { NAMESPACE, T0 } from '../builders/time.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

const STEP = 10_000;
const PODS = '/api/v1/namespaces/fl-x/pods';

/** Watches whose outages the test sets, and which come back when the test says so. */
class FakeObservation implements Observation {
  gapList: WatchGap[] = [];
  private waiters: Array<() => void> = [];

  gaps(): readonly WatchGap[] {
    return this.gapList;
  }

  whenConnected(): Promise<void> {
    if (this.gapList.every((gap) => gap.to !== undefined)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The open outage ends at `at` (ms after T0). */
  reconnect(at: number): void {
    this.gapList = this.gapList.map((gap) => (gap.to === undefined ? { ...gap, to: T0 + at } : gap));
    this.waiters.splice(0).forEach((resolve) => resolve());
  }
}

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.advanceTo(STEP);
  return script;
}

function judge(script: TimelineScript, expectation: ExpectationUse, observation: FakeObservation) {
  return track(evaluateExpectation({
    use: expectation, timeline: script.timeline, clock: script.clock, stepStart: T0 + STEP,
    since: script.timeline.pointAt(T0 + STEP), namespace: NAMESPACE, observation,
  }));
}

const gap = (from: number, to?: number, relisted = false): WatchGap => ({
  path: PODS, from: T0 + from, ...(to !== undefined && { to: T0 + to }), reason: 'the watch failed (HTTP 503)', relisted,
});

const restartWithin20s = use('restarts', { target: 'app=web', atLeast: 1 }, { within: '20s' });

describe('evaluateExpectation: no verdict over a window the watches could not see', () => {
  it('waits for a watch that is down at the window\'s end, then judges the caught-up state', async () => {
    const script = cluster();
    const observation = new FakeObservation();
    observation.gapList = [gap(25_000)];
    const tracked = judge(script, restartWithin20s, observation);
    script.advanceTo(STEP + 20_000);
    await flushMicrotasks();
    expect(tracked.state, 'waiting for the pods watch to catch up').to.equal('pending');
    script.advanceTo(STEP + 22_000);
    observation.reconnect(STEP + 22_000);
    await flushMicrotasks();
    expect(tracked.value).to.deep.include({ passed: false, reason: 'not met within 20s' });
  });

  it('gives no verdict when the deciding change arrives only during the catch-up: it may have happened on either side of the deadline', async () => {
    const script = cluster();
    const observation = new FakeObservation();
    observation.gapList = [gap(25_000)];
    const tracked = judge(script, restartWithin20s, observation);
    script.advanceTo(STEP + 20_000);
    script.at(STEP + 21_500, modified(pod({ restartCount: 1, resourceVersion: '1002' })));
    await flushMicrotasks();
    expect(tracked.reason).to.be.instanceOf(ObservationLostError);
    expect((tracked.reason as Error).message).to.equal('restarts: no verdict within 20s: the change that decides it arrived 1.50s after the window ended, '
      + 'while a watch caught up after an outage, so it may have happened on either side of the deadline; last observed: web-0: restartCount 1');
  });

  it('gives no verdict when the watch does not catch up within 30s', async () => {
    const script = cluster();
    const observation = new FakeObservation();
    observation.gapList = [gap(25_000)];
    const tracked = judge(script, use('ready', { target: 'app=web' }, { for: '20s' }), observation);
    script.advanceTo(STEP + 50_000);
    await flushMicrotasks();
    expect((tracked.reason as Error).message).to.equal(`ready: no verdict for 20s: the watches could not see the cluster at the window's end and did not catch up within 30.0s `
      + `(${PODS} down for 35.0s and still is: the watch failed (HTTP 503)); last observed: web-0: Ready`);
  });

  it('gives no verdict on a `never` when a watch re-listed during the window (transient states are lost), whatever its length', async () => {
    const script = cluster();
    const observation = new FakeObservation();
    observation.gapList = [gap(14_000, 14_200, true)];
    const tracked = judge(script, use('restarts', { target: 'app=web', atLeast: 1 }, { never: '20s' }), observation);
    script.advanceTo(STEP + 20_000);
    await flushMicrotasks();
    expect((tracked.reason as Error).message).to.match(/^restarts: no verdict never during 20s: the watches saw only end states during the window \(\/api\/v1\/namespaces\/fl-x\/pods was down for 200ms/);
  });

  it('decides as usual after brief outages, outages outside the window, and on a change that decides it', async () => {
    const brief = cluster();
    const observation = new FakeObservation();
    observation.gapList = [gap(12_000, 13_500), gap(1_000, 9_000, true)];
    const held = judge(brief, use('ready', { target: 'app=web' }, { for: '20s' }), observation);
    brief.advanceTo(STEP + 20_000);
    await flushMicrotasks();
    expect(held.value).to.deep.include({ passed: true });

    const decided = cluster();
    const restarted = judge(decided, restartWithin20s, Object.assign(new FakeObservation(), { gapList: [gap(12_000, 25_000)] }));
    decided.at(26_000, modified(pod({ restartCount: 1, resourceVersion: '1002' })));
    await flushMicrotasks();
    expect(restarted.value).to.deep.include({ passed: true, decidedAfterMs: 16_000 });
  });
});
