import type { KubeConfig, KubernetesObject, V1Pod } from '@kubernetes/client-node';

export interface ExecRequest {
  readonly namespace: string;
  readonly pod: string;
  /** Defaults to the pod's first container. */
  readonly container?: string;
  readonly command: readonly string[];
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DeletePodRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly gracePeriodSeconds?: number;
  readonly signal?: AbortSignal;
}

/**
 * Everything Faultline does to a cluster, through @kubernetes/client-node.
 * Transient failures (429, 5xx, connection resets) are retried with backoff inside;
 * anything else is thrown as a ClusterRequestError that names the request.
 */
export interface ClusterAccess {
  readonly kubeConfig: KubeConfig;
  /** The kubeconfig context in use and its API server, for messages and reports. */
  readonly contextName: string;
  readonly server: string;
  /** Runs a command in a container and waits for it to end (not just for the socket to open). */
  exec(request: ExecRequest): Promise<ExecResult>;
  deletePod(request: DeletePodRequest): Promise<V1Pod | undefined>;
  readPod(namespace: string, name: string): Promise<V1Pod | undefined>;
  /**
   * Creates one object in `namespace`. The run's namespace is always new, so create is exact;
   * server-side apply would add nothing and trips over API-server bugs on older clusters
   * (1.20 rejects a Service port without an explicit protocol).
   */
  create(namespace: string, object: KubernetesObject, signal?: AbortSignal): Promise<KubernetesObject>;
}
