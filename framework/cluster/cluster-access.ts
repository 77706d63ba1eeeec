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
 * One object in a namespace, as `kubectl get KIND NAME` names it, with the apiVersion that serves it.
 *
 * @example { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }
 */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/**
 * How a patch is applied, as `kubectl patch --type`: a strategic merge patch merges lists such as
 * containers by their key (`name`); a JSON merge patch (RFC 7386) replaces lists whole.
 * Custom resources accept only `merge`.
 */
export const PATCH_TYPES = ['strategic', 'merge'] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

export const PROPAGATION_POLICIES = ['Background', 'Foreground', 'Orphan'] as const;
export type PropagationPolicy = (typeof PROPAGATION_POLICIES)[number];

export interface DeleteObjectOptions {
  readonly gracePeriodSeconds?: number;
  /** What happens to the objects it owns (a Deployment's ReplicaSets, a ReplicaSet's pods). */
  readonly propagationPolicy?: PropagationPolicy;
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
  /** The object as the API server stores it, every field kept; undefined when it does not exist (404). */
  readObject(namespace: string, ref: ObjectRef, signal?: AbortSignal): Promise<KubernetesObject | undefined>;
  /** Patches the object and returns it as stored afterwards; a missing object is a ClusterRequestError with status 404. */
  patchObject(namespace: string, ref: ObjectRef, patch: object, type: PatchType, signal?: AbortSignal): Promise<KubernetesObject>;
  /** Asks for the object's deletion. An object already gone (404) counts as done: that is the goal. */
  deleteObject(namespace: string, ref: ObjectRef, options?: DeleteObjectOptions): Promise<void>;
}
