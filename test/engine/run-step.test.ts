import { expect } from 'chai';
import { runStep } from '../../framework/engine/run-step.js';
import type { StepOutcome } from '../../framework/engine/scenario-result.js';
import { event, MESSAGES } from '../builders/event.js';
import { use } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks, settledValue, track, type Tracked } from '../builders/promises.js';
import { stepEnvironment } from '../builders/step-environment.js';
import { expectStep } from '../builders/steps.js';
import { T0 } from '../builders/time.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

/** web-0 Ready from +1s; the fault step ran from +10s; the expect step starts at +10.5s. */
function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.advanceTo(10_500);
  return script;
}

const outcomeOf = (step: Tracked<StepOutcome>): Promise<StepOutcome> => settledValue(step, 'the step');

const restartsAtLeast1 = use('restarts', { target: { selector: 'app=web', container: 'web' }, atLeast: 1 }, { within: '30s' });
const killingEvent = use('event', { reason: 'Killing', message: 'failed liveness probe' }, { within: '30s' });

describe('runStep: expect steps', () => {
  it('passes when every expectation is met, saying when the last one was', async () => {
    const script = cluster();
    const step = track(runStep(expectStep([restartsAtLeast1, killingEvent], { index: 2 }), stepEnvironment(script, { since: 10_000 })));
    script.at(21_000, added(event({ type: 'Normal', reason: 'Killing', message: MESSAGES.killing })));
    script.at(21_400, modified(pod({ restartCount: 1, lastTerminated: { reason: 'Completed', exitCode: 0 } })));
    const outcome = await outcomeOf(step);
    expect(outcome).to.deep.include({
      index: 2, name: 'expect restarts, event', action: 'expect', status: 'passed',
      startedAt: T0 + 10_500, durationMs: 10_900,
      summary: '2 expectation(s) met, the last after 10.90s',
    });
    expect(outcome.expectations.map((e) => [e.kind, e.passed, e.decidedAfterMs])).to.deep.equal([['restarts', true, 10_900], ['event', true, 10_500]]);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('marks the step\'s start and end on the timeline', async () => {
    const script = cluster();
    const step = track(runStep(expectStep([restartsAtLeast1], { index: 2, name: 'liveness restarts nginx' }), stepEnvironment(script, { since: 10_000 })));
    script.advanceTo(40_500);
    await outcomeOf(step);
    const markers = script.timeline.entries.filter((e) => e.type === 'marker');
    expect(markers).to.deep.equal([
      { type: 'marker', at: T0 + 10_500, marker: 'step-start', text: 'liveness restarts nginx', step: 2 },
      { type: 'marker', at: T0 + 40_500, marker: 'step-end', text: 'liveness restarts nginx: failed (restarts: not met within 30s (observed: web-0/web: restartCount 0))', step: 2 },
    ]);
  });

  it('fails at the first failed expectation and cancels the others', async () => {
    const script = cluster();
    const notReady = use('ready', { target: 'app=web', status: false }, { within: '10s' });
    const step = track(runStep(expectStep([notReady, use('restarts', { target: 'app=web', atLeast: 1 }, { within: '60s' })]), stepEnvironment(script, { since: 10_000 })));
    script.advanceTo(20_500);
    const outcome = await outcomeOf(step);
    expect(outcome).to.deep.include({ status: 'failed', error: 'ready: not met within 10s (observed: web-0: Ready)', durationMs: 10_000 });
    expect(outcome.expectations.map((e) => e.kind)).to.deep.equal(['ready']);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('is interrupted when the run is aborted, with the reason', async () => {
    const script = cluster();
    const run = new AbortController();
    const step = track(runStep(expectStep([restartsAtLeast1], { action: 'waitFor' }), stepEnvironment(script, { since: 10_000, signal: run.signal })));
    script.advanceTo(15_000);
    run.abort(new Error('interrupted by SIGINT'));
    const outcome = await outcomeOf(step);
    expect(outcome).to.deep.include({ action: 'waitFor', status: 'interrupted', error: 'interrupted by SIGINT', durationMs: 4_500 });
    expect(outcome.expectations).to.deep.equal([]);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('an expect step with a timeout stops when it runs out', async () => {
    const script = cluster();
    const step = track(runStep(expectStep([use('restarts', { target: 'app=web', atLeast: 1 }, { within: '60s' })], { timeoutMs: 5_000 }), stepEnvironment(script, { since: 10_000 })));
    script.advanceTo(15_500);
    await flushMicrotasks();
    expect(step.state, 'the step should be over 5s after it started').to.equal('fulfilled');
    expect(step.value?.status).to.not.equal('passed');
    expect(step.value?.durationMs).to.equal(5_000);
  });
});
