/**
 * API load on the fake API server: the same scenario (wait for the pods, an exec fault, a label fault,
 * then a `for` window over the pods' readiness) run once with a 2 s window and once with a 30 s one,
 * while the fake kubelet repeats a Warning event about every pod twice a second. Every request is
 * counted at the server, by verb: the longer run must send exactly as many.
 */
import { KubeCluster } from '../framework/cluster/kube-cluster.js';
import { runScenario } from '../framework/engine/run-scenario.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import type { FakeCluster } from './support/fake-cluster.js';
import type { VerbCounts } from './support/fake-cluster-protocol.js';
import { ScenarioFolder, scenarioYaml, webDeployment } from './support/scenario-files.js';

export interface LoadRun {
  readonly title: string;
  readonly result: ScenarioResult;
  readonly counts: VerbCounts;
}

/** The load scenario's steps, with the readiness window `holdFor` long. */
export const loadSteps = (holdFor: string): string => `
    - name: pods ready
      waitFor:
        ready: { target: app=web }
    - name: touch a file
      fault:
        exec:
          target: { selector: app=web, container: main }
          command: [touch, /tmp/bench]
    - name: label a pod
      fault:
        label: { target: app=web, set: { bench: touched } }
    - name: the pods stay ready
      expect:
        ready: { target: app=web, for: ${holdFor} }`;

export async function fakeApiLoad(fake: FakeCluster, windows: readonly string[] = ['2s', '30s']): Promise<LoadRun[]> {
  const folder = await ScenarioFolder.create(webDeployment(2));
  const cluster = new KubeCluster({ kubeConfig: fake.kubeConfig() });
  await fake.send({ op: 'autopilot', autopilot: { seed: 7, startAfterMs: 50, readyAfterMs: 150, restartAfterMs: [3_600_000, 3_600_000], eventEveryMs: 500 } });
  try {
    const runs: LoadRun[] = [];
    for (const [index, window] of windows.entries()) {
      const scenario = await folder.scenario(`load-${index}`, scenarioYaml(`load-${index}`, loadSteps(window)));
      const { mark } = await fake.send({ op: 'mark' });
      const result = await runScenario(scenario, { cluster, runId: 'bench' });
      runs.push({ title: `for: ${window} (${(result.durationMs / 1000).toFixed(1)} s)`, result, counts: await fake.countsSince(mark) });
    }
    return runs;
  } finally {
    await fake.send({ op: 'autopilot', autopilot: undefined });
    await folder.remove();
  }
}
