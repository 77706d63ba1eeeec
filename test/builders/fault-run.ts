import { runStep } from '../../framework/engine/run-step.js';
import type { StepOutcome } from '../../framework/engine/scenario-result.js';
import type { FaultKind, FaultSpecs } from '../../framework/faults/registry.js';
import { FakeCluster } from './fake-cluster.js';
import { flushMicrotasks, settledValue, track, type Tracked } from './promises.js';
import { stepEnvironment } from './step-environment.js';
import { faultStep } from './steps.js';
import type { TimelineScript } from './timeline-script.js';

/**
 * Starts a fault step through the engine (runStep), on the script's clock and timeline, against
 * a FakeCluster. Await `outcome()` once the test has played what the cluster would do.
 */
export function runFault<K extends FaultKind>(
  script: TimelineScript, kind: K, spec: FaultSpecs[K],
  options: { cluster?: FakeCluster; signal?: AbortSignal; timeoutMs?: number } = {},
): { step: Tracked<StepOutcome>; outcome: () => Promise<StepOutcome> } {
  const env = stepEnvironment(script, {
    ...(options.cluster && { cluster: options.cluster }),
    ...(options.signal && { signal: options.signal }),
  });
  const step = track(runStep(faultStep(kind, spec, { ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) }), env));
  return { step, outcome: () => settledValue(step, `fault step ${kind}`) };
}

/**
 * Moves the script's clock to just before `deadline` (ms after T0) and checks the fault is still
 * waiting, then to `deadline`, and returns its outcome: for faults that give up when the watch
 * never shows their effect.
 */
export async function outcomeAtDeadline(script: TimelineScript, run: ReturnType<typeof runFault>, deadline: number): Promise<StepOutcome> {
  await flushMicrotasks();
  script.advanceTo(deadline - 1);
  await flushMicrotasks();
  if (run.step.state !== 'pending') throw new Error(`the fault ended before its deadline: ${run.step.state}`);
  script.advanceTo(deadline);
  return run.outcome();
}
