/**
 * Scale: 50 scenarios of 4 pods each (200 pods) at once on the fake API server, whose kubelet starts
 * every pod, restarts each once at a seeded moment and repeats a Warning event about it twice a second.
 * Measures this process's CPU and memory (the fake runs in a process of its own), and the verdict latency
 * of each scenario's restart expectation under that load.
 */
import { KubeCluster } from '../framework/cluster/kube-cluster.js';
import { namespaceName } from '../framework/cluster/namespaces.js';
import { runScenario } from '../framework/engine/run-scenario.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { RunPool } from '../framework/mocha/run-pool.js';
import type { Autopilot } from './support/fake-cluster-protocol.js';
import type { FakeCluster } from './support/fake-cluster.js';
import { measureResources, type ResourceUse } from './support/resource-sampler.js';
import { ScenarioFolder, scenarioYaml, webDeployment } from './support/scenario-files.js';
import { preciseNow } from './support/stats.js';

export interface ScalePlan {
  readonly scenarios: number;
  readonly replicas: number;
  readonly autopilot: Autopilot;
}

export const DEFAULT_SCALE_PLAN: ScalePlan = {
  scenarios: 50, replicas: 4,
  autopilot: { seed: 50, startAfterMs: 100, readyAfterMs: 300, restartAfterMs: [5_000, 15_000], eventEveryMs: 500 },
};

const STEPS = `
    - name: pods ready
      waitFor:
        ready: { target: app=web }
    - name: a container restarts
      expect:
        restarts: { target: app=web, atLeast: 1, within: 60s }
    - name: no crash loop while events pour in
      expect:
        waiting: { target: app=web, reason: CrashLoopBackOff, never: 5s }`;

export interface ScaleResult {
  readonly use: ResourceUse;
  readonly results: readonly ScenarioResult[];
  /** Restart expectations decided by a restart after their step began: verdict minus the restart's watch event. */
  readonly latenciesMs: readonly number[];
  /** Scenarios whose first restart came before the restart step began (decided at once, no latency to measure). */
  readonly decidedEarly: number;
  readonly timelineEntries: number;
}

export async function scaleBenchmark(fake: FakeCluster, plan = DEFAULT_SCALE_PLAN): Promise<ScaleResult> {
  const folder = await ScenarioFolder.create(webDeployment(plan.replicas));
  try {
    const scenarios = await Promise.all(Array.from({ length: plan.scenarios }, (_, i) => {
      const name = `scale-${String(i + 1).padStart(2, '0')}`;
      return folder.scenario(name, scenarioYaml(name, STEPS));
    }));
    await fake.send({ op: 'autopilot', autopilot: plan.autopilot });
    const cluster = new KubeCluster({ kubeConfig: fake.kubeConfig() });
    const stepTimes = new Map<string, { start?: number; verdict?: number }>();
    const pool = new RunPool(plan.scenarios);
    const { result: results, use } = await measureResources(() => Promise.all(scenarios.map((scenario) => {
      const namespace = namespaceName(scenario.name, 'bench');
      const times: { start?: number; verdict?: number } = {};
      stepTimes.set(namespace, times);
      const log = (line: string): void => {
        if (line.startsWith('step 2/')) times.start = preciseNow();
        else if (times.start !== undefined && times.verdict === undefined && line.startsWith('  passed')) times.verdict = preciseNow();
      };
      return pool.run(() => runScenario(scenario, { cluster, runId: 'bench', log }));
    })));
    await fake.send({ op: 'autopilot', autopilot: undefined });
    const restarts = await fake.send({ op: 'restarts' });
    const latenciesMs: number[] = [];
    let decidedEarly = 0;
    for (const [namespace, times] of stepTimes) {
      const first = restarts.filter((r) => r.namespace === namespace).sort((a, b) => a.sentAt - b.sentAt)[0];
      if (!first || times.start === undefined || times.verdict === undefined) continue;
      if (first.sentAt < times.start) decidedEarly++;
      else latenciesMs.push(times.verdict - first.sentAt);
    }
    const timelineEntries = results.reduce((sum, r) => sum + r.timeline.length, 0);
    return { use, results, latenciesMs, decidedEarly, timelineEntries };
  } finally {
    await folder.remove();
  }
}
