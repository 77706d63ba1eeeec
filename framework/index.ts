/**
 * Faultline's public API: load scenario files, run them against a cluster, and use them as mocha
 * tests of your own.
 *
 * @example
 * import { connect, loadScenario, runScenario, ScenarioFailure } from 'faultline';
 *
 * describe('web tier', function () {
 *   it('restarts on a failing liveness probe', async function () {
 *     const cluster = await connect({ context: 'kind-kind' });
 *     const scenario = await loadScenario('scenarios/probes/http-liveness-rename.yaml');
 *     const result = await runScenario(scenario, { cluster });
 *     if (result.verdict !== 'passed') throw new ScenarioFailure(result);
 *   });
 * });
 */
import { checkReachable, loadKubeConfig, type ConnectOptions } from './cluster/connect.js';
import { KubeCluster } from './cluster/kube-cluster.js';

export { loadScenario, loadScenarios, loadScenarioPlan } from './loading/load-scenario.js';
export { replayScenario, type ReplayResult } from './replay/replay-scenario.js';
export { readResultsFile, InvalidResultsError } from './replay/read-results.js';
export { InvalidScenarioError, formatProblem, type ScenarioProblem } from './loading/problems.js';
export { runScenario, newRunId, type RunScenarioOptions } from './engine/run-scenario.js';
export type { ScenarioResult, StepOutcome, ExpectationOutcome, Verdict } from './engine/scenario-result.js';
export { addScenarioSuites, scenarioTest, type ScenarioRuntime } from './mocha/scenario-suite.js';
export { ScenarioFailure } from './mocha/scenario-failure.js';
export { resultOf } from './report/result-attachment.js';
export { kubectlStatus } from './observe/kubectl-status.js';
export { renderScenario, problemOf } from './report/scenario-text.js';
export { renderTimeline } from './report/timeline-text.js';
export { KubeCluster } from './cluster/kube-cluster.js';
export { loadKubeConfig, checkReachable, ClusterUnreachableError, type ConnectOptions } from './cluster/connect.js';
export { sweepNamespaces } from './cluster/namespaces.js';
export type { Scenario, Step } from './model/scenario.js';
export { ManualClock, systemClock, type Clock } from './engine/clock.js';

/** Loads the kubeconfig (as kubectl does, or as told), checks the API server answers, and returns cluster access. */
export async function connect(options: ConnectOptions = {}): Promise<KubeCluster> {
  const kubeConfig = loadKubeConfig(options);
  await checkReachable(kubeConfig, options);
  return new KubeCluster({ kubeConfig });
}
