import { runStep } from '../../framework/engine/run-step.js';
import type { StepOutcome } from '../../framework/engine/scenario-result.js';
import type { FaultKind, FaultSpecs } from '../../framework/faults/registry.js';
import { FakeCluster } from './fake-cluster.js';
import { settledValue, track, type Tracked } from './promises.js';
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
