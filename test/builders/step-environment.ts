import type { StepEnvironment } from '../../framework/engine/run-step.js';
import { FakeCluster } from './fake-cluster.js';
import type { TimelineScript } from './timeline-script.js';
import { NAMESPACE, T0 } from './time.js';

/** What runStep needs, on the script's clock and timeline; `logs` collects the log lines. */
export function stepEnvironment(script: TimelineScript, options: { cluster?: FakeCluster; signal?: AbortSignal; since?: number } = {}): StepEnvironment & { logs: string[] } {
  const logs: string[] = [];
  return {
    namespace: NAMESPACE,
    cluster: options.cluster ?? new FakeCluster(),
    timeline: script.timeline,
    clock: script.clock,
    signal: options.signal ?? new AbortController().signal,
    since: script.timeline.pointAt(T0 + (options.since ?? script.now)),
    log: (line) => logs.push(line),
    logs,
  };
}
