/**
 * API load on the real cluster: the fake-server load scenario's steps (pods ready, an exec fault, a
 * label fault, a `for` window over readiness), run with a short and a long window through a counting
 * proxy that sees every request Faultline sends, exec websockets included.
 */
import { KubeCluster } from '../framework/cluster/kube-cluster.js';
import { runScenario } from '../framework/engine/run-scenario.js';
import type { LoadRun } from './api-load-fake.js';
import { loadSteps } from './api-load-fake.js';
import { CountingProxy } from './support/counting-proxy.js';
import type { RealCluster } from './support/real-cluster.js';
import { ScenarioFolder, scenarioYaml, webDeployment } from './support/scenario-files.js';

export async function realApiLoad(cluster: RealCluster, windows: readonly string[] = ['2s', '90s']): Promise<LoadRun[]> {
  const folder = await ScenarioFolder.create(webDeployment(2));
  const proxy = await CountingProxy.start(cluster.kubeConfig);
  try {
    const counted = new KubeCluster({ kubeConfig: proxy.kubeConfig() });
    const runs: LoadRun[] = [];
    for (const [index, window] of windows.entries()) {
      const scenario = await folder.scenario(`bench-load-${index}`, scenarioYaml(`bench-load-${index}`, loadSteps(window)));
      const mark = proxy.requests.length;
      const result = await runScenario(scenario, { cluster: counted });
      runs.push({ title: `for: ${window} (${(result.durationMs / 1000).toFixed(1)} s)`, result, counts: proxy.countsSince(mark) });
    }
    return runs;
  } finally {
    await proxy.stop();
    await folder.remove();
  }
}
