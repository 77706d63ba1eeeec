import { evaluateExpectation } from '../../framework/engine/evaluate-expectation.js';
import type { ExpectationOutcome } from '../../framework/engine/scenario-result.js';
import type { ExpectationUse } from '../../framework/model/scenario.js';
import { flushMicrotasks, track, type Tracked } from './promises.js';
import { NAMESPACE, T0 } from './time.js';
import type { TimelineScript } from './timeline-script.js';

export interface EvaluationTimes {
  /** When the step began, in ms after T0. */
  readonly stepStart: number;
  /** Start of the evidence window, in ms after T0; default the step's start. */
  readonly since?: number;
  /** When a fault step came right before, its start in ms after T0: `within` replays from there. */
  readonly replayFrom?: number;
  readonly signal?: AbortSignal;
}

/** Starts judging `use` on the script's timeline and clock; the result is followed without awaiting. */
export function evaluation(script: TimelineScript, use: ExpectationUse, times: EvaluationTimes): Tracked<ExpectationOutcome> {
  return track(evaluateExpectation({
    use,
    timeline: script.timeline,
    clock: script.clock,
    stepStart: T0 + times.stepStart,
    since: script.timeline.pointAt(T0 + (times.since ?? times.stepStart)),
    namespace: NAMESPACE,
    ...(times.replayFrom !== undefined && { replayFrom: script.timeline.pointAt(T0 + times.replayFrom) }),
    ...(times.signal && { signal: times.signal }),
  }));
}

/** The outcome once settled; fails the test if the evaluation is still pending or rejected. */
export async function verdict(tracked: Tracked<ExpectationOutcome>): Promise<ExpectationOutcome> {
  await flushMicrotasks();
  if (tracked.state !== 'fulfilled') throw new Error(`expected a verdict, but the evaluation is ${tracked.state}${tracked.state === 'rejected' ? `: ${String(tracked.reason)}` : ''}`);
  return tracked.value!;
}

/** Asserts that no verdict has been reached yet. */
export async function stillPending(tracked: Tracked<ExpectationOutcome>): Promise<void> {
  await flushMicrotasks();
  if (tracked.state !== 'pending') throw new Error(`expected no verdict yet, but got ${JSON.stringify(tracked.value ?? tracked.reason)}`);
}
