import { expect } from 'chai';
import { waitForView } from '../../framework/observe/wait-for-view.js';
import { isPodReady } from '../../framework/observe/target-pods.js';
import type { ClusterView } from '../../framework/observe/cluster-view.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks, track } from '../builders/promises.js';
import { T0 } from '../builders/time.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

const notReady = (view: ClusterView): boolean => view.pods.some((r) => !isPodReady(r.pod));

describe('waitForView', () => {
  it('resolves with the current view when the predicate already holds, setting no timer', async () => {
    const script = new TimelineScript();
    script.at(0, added(pod({ podReady: false })));
    const view = await waitForView(notReady, { timeline: script.timeline, clock: script.clock, timeoutMs: 30_000 });
    expect(view).to.equal(script.timeline.view);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('resolves with the view of the change that makes it hold, then lets go of the timer', async () => {
    const script = new TimelineScript();
    script.at(0, added(pod()));
    const waiting = track(waitForView(notReady, { timeline: script.timeline, clock: script.clock, timeoutMs: 30_000 }));
    script.at(12_000, modified(pod({ podReady: false })), modified(pod()));
    await flushMicrotasks();
    expect(waiting.state).to.equal('fulfilled');
    expect(waiting.value?.at).to.equal(T0 + 12_000);
    expect(isPodReady(waiting.value!.pods[0]!.pod)).to.equal(false);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('resolves with undefined exactly when the timeout passes', async () => {
    const script = new TimelineScript();
    script.at(0, added(pod()));
    const waiting = track(waitForView(notReady, { timeline: script.timeline, clock: script.clock, timeoutMs: 30_000 }));
    script.advanceTo(29_999);
    await flushMicrotasks();
    expect(waiting.state).to.equal('pending');
    script.advanceTo(30_000);
    await flushMicrotasks();
    expect(waiting.state).to.equal('fulfilled');
    expect(waiting.value).to.equal(undefined);
    script.at(31_000, modified(pod({ podReady: false })));
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('rejects with the abort reason and lets go of the timer', async () => {
    const script = new TimelineScript();
    const controller = new AbortController();
    const waiting = track(waitForView(notReady, { timeline: script.timeline, clock: script.clock, timeoutMs: 30_000, signal: controller.signal }));
    controller.abort(new Error('interrupted (SIGINT)'));
    await flushMicrotasks();
    expect(waiting.state).to.equal('rejected');
    expect((waiting.reason as Error).message).to.equal('interrupted (SIGINT)');
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const script = new TimelineScript();
    const controller = new AbortController();
    controller.abort(new Error('scenario timed out'));
    let reason: unknown;
    await waitForView(notReady, { timeline: script.timeline, clock: script.clock, timeoutMs: 30_000, signal: controller.signal })
      .catch((error: unknown) => { reason = error; });
    expect((reason as Error).message).to.equal('scenario timed out');
    expect(script.clock.pendingTimers).to.equal(0);
  });
});
