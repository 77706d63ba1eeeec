/**
 * The same decision made three ways: by Faultline's engine over the watch-fed timeline, and by
 * polling the API server at a fixed interval as Chainsaw (50 ms) and KUTTL (1 s) do. Each resolves
 * with the moment its verdict is known.
 */
import { CoreV1Api, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { systemClock } from '../../framework/engine/clock.js';
import { evaluateExpectation } from '../../framework/engine/evaluate-expectation.js';
import { judgeOf, type ExpectationPlugin } from '../../framework/expectations/expectation.js';
import { expectationPlugins, type ExpectationKind, type ExpectationSpecs } from '../../framework/expectations/registry.js';
import type { ExpectationUse } from '../../framework/model/scenario.js';
import { resolveWindow } from '../../framework/model/window.js';
import { ClusterView } from '../../framework/observe/cluster-view.js';
import type { Timeline, TimelinePoint } from '../../framework/observe/timeline.js';
import type { PodChange } from './fake-cluster-protocol.js';
import { preciseNow } from './stats.js';

/** The expectation kinds the latency benchmarks decide, each about one pod. */
export const DECIDED_KINDS = ['ready', 'restarts', 'waiting', 'event'] as const;
export type DecidedKind = (typeof DECIDED_KINDS)[number];

const WINDOW = resolveWindow({ within: '60s' }, 60_000);

/** The expectation about `pod` of this kind, as the loader would build it. */
export function expectationAbout(kind: DecidedKind, pod: string): ExpectationUse {
  const source = { file: 'bench', line: 1, column: 1 };
  const target = { pod };
  switch (kind) {
    case 'ready': return { kind, spec: { target }, window: WINDOW, source };
    case 'restarts': return { kind, spec: { target, atLeast: 1 }, window: WINDOW, source };
    case 'waiting': return { kind, spec: { target, reason: 'CrashLoopBackOff' }, window: WINDOW, source };
    case 'event': return { kind, spec: { reason: 'BenchMarker', message: `decides ${pod}` }, window: WINDOW, source };
  }
}

/** The change that makes the expectation above true, as the fake kubelet makes it. */
export function decidingChange(kind: DecidedKind, pod: string): PodChange {
  switch (kind) {
    case 'ready': return { kind: 'ready', ready: true };
    case 'restarts': return { kind: 'restart' };
    case 'waiting': return { kind: 'waiting', reason: 'CrashLoopBackOff' };
    case 'event': return { kind: 'event', reason: 'BenchMarker', message: `decides ${pod}` };
  }
}

/** Faultline's way: the engine judges each change on the timeline as it arrives. */
export async function watchDecision(
  use: ExpectationUse, timeline: Timeline, namespace: string,
  options: { readonly since?: TimelinePoint; readonly signal?: AbortSignal } = {},
): Promise<number> {
  const outcome = await evaluateExpectation({
    use, timeline, clock: systemClock, stepStart: systemClock.now(), since: options.since ?? timeline.point(), namespace,
    ...(options.signal && { signal: options.signal }),
  });
  const at = preciseNow();
  if (!outcome.passed) throw new Error(`${outcome.description}: ${outcome.reason ?? 'failed'} (observed: ${outcome.observed})`);
  return at;
}

export interface PollOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly pod: string;
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  /** Keep polling while the pod does not exist yet (404), as a poller started before the apply does. */
  readonly tolerateMissing?: boolean;
}

/**
 * The peers' way: read the object every `intervalMs` (a GET of the pod, or a list of the events about
 * it, and the pod too when the event must be about it) and judge what came back with the same
 * predicate; the first read that satisfies it decides.
 */
export async function pollDecision(use: ExpectationUse, options: PollOptions): Promise<number> {
  const core = options.kubeConfig.makeApiClient(CoreV1Api);
  const judge = judgeOf(expectationPlugins[use.kind] as unknown as ExpectationPlugin<ExpectationSpecs[ExpectationKind]>, use.spec, {
    namespace: options.namespace, since: { at: 0, position: 0 },
  });
  const { namespace, pod } = options;
  const read = async (): Promise<Array<{ kind: 'Pod' | 'Event'; object: KubernetesObject }>> => {
    if (use.kind === 'event') {
      const events = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${pod}` });
      const about = events.items.map((object) => ({ kind: 'Event' as const, object }));
      // An event about target pods is judged with the pod at hand: one more read.
      return use.spec.target === undefined ? about : [{ kind: 'Pod', object: await core.readNamespacedPod({ name: pod, namespace }) }, ...about];
    }
    return [{ kind: 'Pod', object: await core.readNamespacedPod({ name: pod, namespace }) }];
  };
  let due = performance.now();
  for (;;) {
    options.signal.throwIfAborted();
    const objects = await read().catch((error: unknown) => {
      if (options.tolerateMissing && (error as { code?: number }).code === 404) return [];
      throw error;
    });
    const view = objects.reduce((folded, { kind, object }) => folded.apply({
      // The typed client turns timestamps into Dates; the watch delivers JSON: judge one shape.
      type: 'change', at: Date.now(), verb: 'ADDED', kind, object: JSON.parse(JSON.stringify(object)) as KubernetesObject,
    }), ClusterView.empty(Date.now()));
    if (judge.check(view).holds) return preciseNow();
    due += options.intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
}
