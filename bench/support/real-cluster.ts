/** Whether the benchmarks can reach a real cluster, and its kubeconfig when they can. */
import type { KubeConfig } from '@kubernetes/client-node';
import { checkReachable, loadKubeConfig } from '../../framework/cluster/connect.js';

export interface RealCluster {
  readonly kubeConfig: KubeConfig;
  readonly contextName: string;
  readonly server: string;
  readonly version: string;
}

export type ClusterFinding = RealCluster | { readonly unreachable: string };

/** The reason real-cluster figures carry when there is no cluster. */
export const NO_CLUSTER = 'no cluster reachable';

/**
 * The cluster of the kubeconfig (as kubectl finds it), if its API server answers within a few seconds.
 * With `required` (--cluster, --suite), an unreachable cluster is an error that says what was tried.
 */
export async function findCluster(options: { readonly required: boolean; readonly kubeconfig?: string; readonly context?: string }): Promise<ClusterFinding> {
  const connect = {
    ...(options.kubeconfig !== undefined && { kubeconfig: options.kubeconfig }),
    ...(options.context !== undefined && { context: options.context }),
    timeoutMs: 5_000,
  };
  try {
    const kubeConfig = loadKubeConfig(connect);
    const version = await checkReachable(kubeConfig, connect);
    return { kubeConfig, contextName: kubeConfig.getCurrentContext(), server: kubeConfig.getCurrentCluster()?.server ?? '', version };
  } catch (error) {
    if (options.required) throw error;
    return { unreachable: `${NO_CLUSTER} (${(error as Error).message.split('\n')[0]})` };
  }
}
