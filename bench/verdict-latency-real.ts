/**
 * Verdict latency on the real cluster. Pods that crash (busybox exits 1 after 2 s, restartPolicy
 * Always) go Ready, restart, and fall into CrashLoopBackOff, with a Started event: four expectations
 * per pod, decided by Faultline's engine over watches, or by polling every 50 ms or every 1 s, through
 * counting proxies. The deciding change is the first timeline entry at which the expectation holds;
 * the proxy stamped when its bytes came from the API server.
 */
import { setMaxListeners } from 'node:events';
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { KubeCluster } from '../framework/cluster/kube-cluster.js';
import { createRunNamespace, deleteNamespaceAndWait, namespaceName } from '../framework/cluster/namespaces.js';
import { systemClock } from '../framework/engine/clock.js';
import { judgeOf, type ExpectationPlugin } from '../framework/expectations/expectation.js';
import { expectationPlugins, type ExpectationKind, type ExpectationSpecs } from '../framework/expectations/registry.js';
import type { ExpectationUse } from '../framework/model/scenario.js';
import { resolveWindow } from '../framework/model/window.js';
import { ClusterView } from '../framework/observe/cluster-view.js';
import { Observer } from '../framework/observe/observer.js';
import { Timeline, type TimelinePoint } from '../framework/observe/timeline.js';
import { APPROACHES, type Approach, type ApproachResult } from './support/approaches.js';
import { CountingProxy } from './support/counting-proxy.js';
import { pollDecision, watchDecision } from './support/decisions.js';
import type { RealCluster } from './support/real-cluster.js';
import { total } from './support/verb-table.js';

const WINDOW = resolveWindow({ within: '120s' }, 120_000);
const SOURCE = { file: 'bench', line: 1, column: 1 };

/** The four expectations about one crashing pod. */
function expectationsAbout(pod: string): ExpectationUse[] {
  const target = { pod };
  return [
    { kind: 'ready', spec: { target }, window: WINDOW, source: SOURCE },
    { kind: 'restarts', spec: { target, atLeast: 1 }, window: WINDOW, source: SOURCE },
    { kind: 'waiting', spec: { target, reason: 'CrashLoopBackOff' }, window: WINDOW, source: SOURCE },
    { kind: 'event', spec: { reason: 'Started', message: 'Started container main', target }, window: WINDOW, source: SOURCE },
  ];
}

function crashingPod(name: string): V1Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'bench' } },
    spec: {
      restartPolicy: 'Always', dnsPolicy: 'Default', terminationGracePeriodSeconds: 0,
      containers: [{ name: 'main', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 2; exit 1'] }],
    },
  };
}

/** The first entry since `from` at which `use` holds, as a fresh judge sees the timeline. */
function decidingResourceVersion(timeline: Timeline, use: ExpectationUse, from: TimelinePoint, namespace: string): string | undefined {
  const judge = judgeOf(expectationPlugins[use.kind] as unknown as ExpectationPlugin<ExpectationSpecs[ExpectationKind]>, use.spec, { namespace, since: from });
  let view: ClusterView = timeline.viewAt(from.position);
  for (const entry of timeline.entriesFrom(from.position)) {
    view = view.apply(entry);
    if (judge.check(view).holds) return entry.type === 'change' ? entry.object.metadata?.resourceVersion : undefined;
  }
  return undefined;
}

/**
 * Each approach in turn, on pods of its own (the same manifests, so the same kubelet timings), so that
 * one approach's requests do not slow another's verdicts in this process. An observer always runs, through
 * its own proxy: for Faultline it is the approach; for the pollers it only stamps the deciding events.
 */
export async function realVerdictLatency(cluster: RealCluster, pods = 8): Promise<ApproachResult[]> {
  const direct = new KubeCluster({ kubeConfig: cluster.kubeConfig });
  const results: ApproachResult[] = [];
  for (const approach of APPROACHES) results.push(await measureApproach(direct, cluster, approach, pods));
  return results;
}

async function measureApproach(direct: KubeCluster, cluster: RealCluster, approach: Approach, pods: number): Promise<ApproachResult> {
  const runId = Math.random().toString(16).slice(2, 8);
  const namespace = namespaceName(`bench-latency-${approach.pollMs ?? 'watch'}`, runId);
  const [watchProxy, pollProxy] = await Promise.all([CountingProxy.start(cluster.kubeConfig), CountingProxy.start(cluster.kubeConfig)]);
  const timeline = new Timeline(systemClock);
  const observer = new Observer({ kubeConfig: watchProxy!.kubeConfig(), namespace, timeline, clock: systemClock });
  const stop = new AbortController();
  // Every expectation listens to it.
  setMaxListeners(0, stop.signal);
  try {
    await createRunNamespace(direct, { name: namespace, runId, scenario: 'bench-latency', file: 'bench/verdict-latency-real.ts' });
    await observer.start();
    const counted = approach.pollMs === undefined ? watchProxy! : pollProxy!;
    // The proxies are new: everything before this is the observer's set-up (lists, watches, discovery).
    const deciding = counted.requests.length;
    const start = timeline.point();
    const names = Array.from({ length: pods }, (_, i) => `crash-${i}`);
    const decisions = names.flatMap((pod) => expectationsAbout(pod).map(async (use) => {
      if (approach.pollMs === undefined) return { use, at: await watchDecision(use, timeline, namespace, { since: start, signal: stop.signal }) };
      const at = await pollDecision(use, { kubeConfig: pollProxy!.kubeConfig(), namespace, pod, intervalMs: approach.pollMs, signal: stop.signal, tolerateMissing: true });
      return { use, at };
    }));
    for (const pod of names) await direct.create(namespace, crashingPod(pod) as KubernetesObject);
    const decided = await Promise.all(decisions);
    const decidingByVerb = counted.countsSince(deciding);
    return {
      approach,
      latenciesMs: decided.flatMap(({ use, at }) => {
        const rv = decidingResourceVersion(timeline, use, start, namespace);
        const delivered = rv === undefined ? undefined : watchProxy!.deliveredAt(rv);
        return delivered === undefined ? [] : [at - delivered.at];
      }),
      decidingRequests: total(decidingByVerb),
      decidingByVerb,
      setupRequests: approach.pollMs === undefined ? deciding : 0,
    };
  } finally {
    stop.abort();
    observer.stop();
    await deleteNamespaceAndWait(direct, namespace).catch(() => undefined);
    await Promise.all([watchProxy!.stop(), pollProxy!.stop()]);
  }
}
