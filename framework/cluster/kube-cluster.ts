import {
  CoreV1Api, HttpMethod, KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject, type V1Node, type V1Pod,
} from '@kubernetes/client-node';
import type {
  ClusterAccess, DeleteObjectOptions, DeletePodRequest, ExecRequest, ExecResult, ObjectRef, PatchType,
} from './cluster-access.js';
import { apiCauseMessagesOf, apiMessageOf, ClusterRequestError, retryAfterMsOf, statusCodeOf } from './api-errors.js';
import { execCommand } from './exec-command.js';
import type { EvictionResult, NodeAccess } from './node-access.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry.js';

export const FIELD_MANAGER = 'faultline';

export interface KubeClusterOptions {
  readonly kubeConfig: KubeConfig;
  readonly retryPolicy?: RetryPolicy;
  readonly onRetry?: (what: string, attempt: number, error: unknown) => void;
}

/**
 * An eviction refusal as the API server explains it: its message, then its causes, which name the
 * disruption budget and its counts ("The disruption budget web needs 3 healthy pods and has 3 currently").
 */
function refusalOf(error: unknown): string {
  return [apiMessageOf(error), ...apiCauseMessagesOf(error)].join(' ');
}

/** ClusterAccess over @kubernetes/client-node, with transient failures retried. */
export class KubeCluster implements ClusterAccess, NodeAccess {
  readonly kubeConfig: KubeConfig;
  readonly contextName: string;
  readonly server: string;
  readonly core: CoreV1Api;
  readonly objects: KubernetesObjectApi;
  private readonly plain: PlainObjectApi;
  /** How transient failures are retried; the run's observer lists with it too. */
  readonly policy: RetryPolicy;

  constructor(private readonly options: KubeClusterOptions) {
    this.kubeConfig = options.kubeConfig;
    this.contextName = options.kubeConfig.getCurrentContext();
    this.server = options.kubeConfig.getCurrentCluster()?.server ?? '';
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.objects = KubernetesObjectApi.makeApiClient(options.kubeConfig);
    this.plain = options.kubeConfig.makeApiClient(PlainObjectApi);
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** Runs `operation` with retries; `what` names it in messages (`delete pod web-7d9`). */
  request<T>(what: string, operation: () => Promise<T>, signal?: AbortSignal, options: { readonly attemptTimeout?: false } = {}): Promise<T> {
    return withRetry(operation, {
      what, policy: this.policy,
      ...(options.attemptTimeout === false && { attemptTimeout: false as const }),
      ...(signal && { signal }),
      ...(this.options.onRetry && { onRetry: (attempt: number, error: unknown) => this.options.onRetry!(what, attempt, error) }),
    });
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    // A command is run at most once: retrying could run it twice. Only a refused connection
    // (the command never started) is retried, which withRetry's transient check covers.
    // No per-attempt timeout either: a command may rightly run for long.
    return this.request(`exec ${JSON.stringify(request.command)} in pod ${request.pod}`, () => execCommand(this.kubeConfig, request),
      request.signal, { attemptTimeout: false });
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

  async create(namespace: string, object: KubernetesObject, signal?: AbortSignal): Promise<KubernetesObject> {
    const placed = { ...object, metadata: { ...object.metadata, namespace } };
    let attempts = 0;
    try {
      return await this.request(`create ${object.kind} ${object.metadata?.name}`, () => {
        attempts++;
        return this.objects.create(placed, undefined, undefined, FIELD_MANAGER);
      }, signal);
    } catch (error) {
      // The run's namespace is new: after a retry, an object of this name is the one an earlier
      // attempt created before its answer was lost (a connection reset mid-response).
      if (attempts > 1 && error instanceof ClusterRequestError && error.status === 409) {
        const ref = { apiVersion: object.apiVersion ?? 'v1', kind: object.kind ?? '', name: object.metadata?.name ?? '' };
        const stored = await this.readObject(namespace, ref, signal);
        if (stored) return stored;
      }
      throw error;
    }
  }

  async readObject(namespace: string, ref: ObjectRef, signal?: AbortSignal): Promise<KubernetesObject | undefined> {
    try {
      return await this.objectRequest(`get ${ref.kind} ${ref.name}`, () => this.plain.readPlain(namespace, ref), signal);
    } catch (error) {
      if (error instanceof ClusterRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  patchObject(namespace: string, ref: ObjectRef, patch: object, type: PatchType, signal?: AbortSignal): Promise<KubernetesObject> {
    return this.objectRequest(`patch ${ref.kind} ${ref.name}`, () => this.plain.patchPlain(namespace, ref, patch, PATCH_STRATEGIES[type]), signal);
  }

  async deleteObject(namespace: string, ref: ObjectRef, options: DeleteObjectOptions = {}): Promise<void> {
    try {
      await this.objectRequest(`delete ${ref.kind} ${ref.name}`, () => this.plain.deletePlain(namespace, ref, options), options.signal);
    } catch (error) {
      // Gone already (a retried delete whose first attempt went through): the goal is reached.
      if (error instanceof ClusterRequestError && error.status === 404) return;
      throw error;
    }
  }

  async readNode(name: string, signal?: AbortSignal): Promise<V1Node | undefined> {
    try {
      return await this.request(`get node ${name}`, () => this.core.readNode({ name }), signal);
    } catch (error) {
      if (error instanceof ClusterRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  async setUnschedulable(name: string, unschedulable: boolean, signal?: AbortSignal): Promise<V1Node> {
    const ref = { apiVersion: 'v1', kind: 'Node', name };
    return await this.objectRequest(`${unschedulable ? 'cordon' : 'uncordon'} node ${name}`,
      () => this.plain.patchPlain('', ref, { spec: { unschedulable: unschedulable || null } }, PatchStrategy.MergePatch), signal) as V1Node;
  }

  async podsOnNode(name: string, signal?: AbortSignal): Promise<V1Pod[]> {
    const list = await this.request(`list pods on node ${name}`,
      () => this.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` }), signal);
    return list.items;
  }

  async evictPod(namespace: string, name: string, signal?: AbortSignal): Promise<EvictionResult> {
    const send = (apiVersion: string) => this.core.createNamespacedPodEviction({
      name, namespace, body: { apiVersion, kind: 'Eviction', metadata: { name, namespace } },
    });
    try {
      return await this.request(`evict pod ${namespace}/${name}`, async (): Promise<EvictionResult> => {
        try {
          await send(this.evictionVersion).catch(async (error: unknown) => {
            // Kubernetes before 1.22 knows only policy/v1beta1 Evictions.
            if (this.evictionVersion !== 'policy/v1' || ![400, 404, 422].includes(statusCodeOf(error) ?? 0)) throw error;
            this.evictionVersion = 'policy/v1beta1';
            await send(this.evictionVersion);
          });
          return { evicted: true };
        } catch (error) {
          // A disruption budget's refusal is an answer, not a transient failure: the caller decides when to ask again.
          if (statusCodeOf(error) === 429 && retryAfterMsOf(error) === undefined) return { evicted: false, reason: refusalOf(error) };
          throw error;
        }
      }, signal);
    } catch (error) {
      if (error instanceof ClusterRequestError && error.status === 404) return { evicted: true };
      throw error;
    }
  }

  private evictionVersion = 'policy/v1';

  /** A request about one object; a kind the API server does not serve is named as such, not as a missing object. */
  private async objectRequest<T>(what: string, operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await this.request(what, operation, signal);
    } catch (error) {
      if (error instanceof UnservedKindError) throw new ClusterRequestError(what, undefined, error.message, { cause: error });
      throw error;
    }
  }
}

const PATCH_STRATEGIES: Readonly<Record<PatchType, PatchStrategy>> = {
  strategic: PatchStrategy.StrategicMergePatch,
  merge: PatchStrategy.MergePatch,
};

class UnservedKindError extends Error {
  override readonly name = 'UnservedKindError';
}

/**
 * KubernetesObjectApi with requests whose bodies go out and come back as plain JSON.
 * Its own `patch` and `read` pass objects through client-node's typed models, which drop every
 * field they do not know: a strategic patch's `$patch` directives, fields newer than the models.
 * A patch must reach the API server as written, and its proof must see what is stored.
 */
class PlainObjectApi extends KubernetesObjectApi {
  async readPlain(namespace: string, ref: ObjectRef): Promise<KubernetesObject> {
    return this.send(HttpMethod.GET, await this.pathOf(namespace, ref));
  }

  async patchPlain(namespace: string, ref: ObjectRef, patch: object, strategy: PatchStrategy): Promise<KubernetesObject> {
    return this.send(HttpMethod.PATCH, await this.pathOf(namespace, ref), {
      query: { fieldManager: FIELD_MANAGER }, contentType: strategy, body: JSON.stringify(patch),
    });
  }

  async deletePlain(namespace: string, ref: ObjectRef, options: DeleteObjectOptions): Promise<void> {
    await this.send(HttpMethod.DELETE, await this.pathOf(namespace, ref), {
      query: {
        ...(options.gracePeriodSeconds !== undefined && { gracePeriodSeconds: String(options.gracePeriodSeconds) }),
        ...(options.propagationPolicy !== undefined && { propagationPolicy: options.propagationPolicy }),
      },
    });
  }

  /** `/apis/apps/v1/namespaces/NS/deployments/NAME`, the plural found through discovery (cached). */
  private async pathOf(namespace: string, ref: ObjectRef): Promise<string> {
    const unserved = new UnservedKindError(`the API server serves no kind ${ref.kind} in ${ref.apiVersion} (is the kind or apiVersion misspelt?)`);
    let namespaced: boolean;
    try {
      const resource = await this.resource(ref.apiVersion, ref.kind);
      if (resource === undefined) throw unserved;
      namespaced = resource.namespaced;
    } catch (error) {
      // Discovery answers 404 for a group or version the cluster does not have.
      if (statusCodeOf(error) === 404) throw unserved;
      throw error;
    }
    // client-node leaves the namespace out of a cluster-scoped object's path: a request meant for the
    // run's namespace would reach the cluster's own object (a custom resource the loader cannot know).
    if (namespace !== '' && !namespaced) {
      throw new UnservedKindError(`${ref.kind} (${ref.apiVersion}) is cluster-scoped: faults act only on objects in the run's namespace`);
    }
    return this.specUriPath({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace } }, 'read');
  }

  private send(method: HttpMethod, path: string, options: { query?: Record<string, string>; contentType?: string; body?: string } = {}): Promise<KubernetesObject> {
    const context = this.configuration.baseServer.makeRequestContext(path, method);
    context.setHeaderParam('Accept', 'application/json');
    for (const [name, value] of Object.entries(options.query ?? {})) context.setQueryParam(name, value);
    if (options.body !== undefined) {
      context.setHeaderParam('Content-Type', options.contentType ?? 'application/json');
      context.setBody(options.body);
    }
    // No model is named KubernetesObject, so the answer keeps every field (only metadata is typed).
    return this.requestPromise(context, 'KubernetesObject');
  }
}
