import { CoreV1Api, KubeConfig, KubernetesObjectApi, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import type { ClusterAccess, DeletePodRequest, ExecRequest, ExecResult } from './cluster-access.js';
import { ClusterRequestError } from './api-errors.js';
import { execCommand } from './exec-command.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry.js';

export const FIELD_MANAGER = 'faultline';

export interface KubeClusterOptions {
  readonly kubeConfig: KubeConfig;
  readonly retryPolicy?: RetryPolicy;
  readonly onRetry?: (what: string, attempt: number, error: unknown) => void;
}

/** ClusterAccess over @kubernetes/client-node, with transient failures retried. */
export class KubeCluster implements ClusterAccess {
  readonly kubeConfig: KubeConfig;
  readonly contextName: string;
  readonly server: string;
  readonly core: CoreV1Api;
  readonly objects: KubernetesObjectApi;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: KubeClusterOptions) {
    this.kubeConfig = options.kubeConfig;
    this.contextName = options.kubeConfig.getCurrentContext();
    this.server = options.kubeConfig.getCurrentCluster()?.server ?? '';
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.objects = KubernetesObjectApi.makeApiClient(options.kubeConfig);
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** Runs `operation` with retries; `what` names it in messages (`delete pod web-7d9`). */
  request<T>(what: string, operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(operation, {
      what, policy: this.policy,
      ...(signal && { signal }),
      ...(this.options.onRetry && { onRetry: (attempt: number, error: unknown) => this.options.onRetry!(what, attempt, error) }),
    });
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    // A command is run at most once: retrying could run it twice. Only a refused connection
    // (the command never started) is retried, which withRetry's transient check covers.
    return this.request(`exec ${JSON.stringify(request.command)} in pod ${request.pod}`, () => execCommand(this.kubeConfig, request), request.signal);
  }

  async deletePod(request: DeletePodRequest): Promise<V1Pod | undefined> {
    try {
      return await this.request(`delete pod ${request.pod}`, () => this.core.deleteNamespacedPod({
        name: request.pod, namespace: request.namespace,
        ...(request.gracePeriodSeconds !== undefined && { gracePeriodSeconds: request.gracePeriodSeconds }),
      }), request.signal);
    } catch (error) {
      // Gone already (a retried delete whose first attempt went through): the goal is reached.
      if (error instanceof ClusterRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  async readPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    try {
      return await this.request(`get pod ${name}`, () => this.core.readNamespacedPod({ name, namespace }));
    } catch (error) {
      if (error instanceof ClusterRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  create(namespace: string, object: KubernetesObject, signal?: AbortSignal): Promise<KubernetesObject> {
    const placed = { ...object, metadata: { ...object.metadata, namespace } };
    return this.request(`create ${object.kind} ${object.metadata?.name}`,
      () => this.objects.create(placed, undefined, undefined, FIELD_MANAGER), signal);
  }
}
