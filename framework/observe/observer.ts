import { ApisApi, AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../engine/clock.js';
import { ClusterRequestError } from '../cluster/api-errors.js';
import { withRetry, type RetryPolicy } from '../cluster/retry.js';
import { ResilientWatch, type ListResult, type WatchGap } from './resilient-watch.js';
import type { Timeline } from './timeline.js';
import type { ObservedKind } from './timeline-entry.js';
import type { WorkloadKind } from './workloads.js';

export interface ObserverOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly timeline: Timeline;
  readonly clock: Clock;
  readonly retryPolicy?: RetryPolicy;
  /** Watch nodes too (cluster-wide read; skipped with a marker when RBAC forbids it). Default true. */
  readonly nodes?: boolean;
  /**
   * Watch the namespace's Deployments, ReplicaSets, StatefulSets and ReplicationControllers too
   * (each skipped with a marker when RBAC forbids it or the server does not serve it). Default true.
   */
  readonly workloads?: boolean;
  readonly silenceMs?: number;
  readonly backoffMs?: readonly number[];
}

interface WatchedResource {
  readonly kind: ObservedKind;
  readonly apiVersion: string;
  readonly path: string;
  /** Lists the collection through a typed client (no discovery request per list). */
  readonly list: () => Promise<{ items: readonly object[]; metadata?: { resourceVersion?: string } }>;
  /**
   * Set when the run can do without this resource: a refusal with one of these statuses is then
   * an `observation-limited` marker with this text, not a failure to start.
   */
  readonly optional?: { readonly statuses: readonly number[]; readonly marker: (status: number) => string };
}

/**
 * One observer per run: watches the run's pods, events, Service endpoints and workloads
 * (Deployments, ReplicaSets, StatefulSets, ReplicationControllers), and the nodes, and records
 * every change in the timeline. Started before the first apply, so nothing is missed.
 */
export class Observer {
  private readonly watches: ResilientWatch[] = [];
  private readonly connectedWaiters = new Set<() => void>();
  private stopped = false;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(private readonly options: ObserverOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.apps = options.kubeConfig.makeApiClient(AppsV1Api);
    this.custom = options.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /**
   * Resolves once every watch is established; the endpoint source is chosen by discovery.
   * If one watch cannot start, every other one is stopped and the error is thrown.
   */
  async start(): Promise<void> {
    const resources = await this.resources();
    const started = await Promise.allSettled(resources.map((resource) => this.startWatch(resource)));
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      this.stop();
      throw failed.reason;
    }
  }

  /** When each watch was not connected, oldest first: the engine will not judge a window it could not see. */
  gaps(): WatchGap[] {
    return this.watches.flatMap((watch) => watch.gaps).sort((a, b) => a.from - b.from);
  }

  /** Resolves once every watch is connected (at once when they are). */
  whenConnected(): Promise<void> {
    if (this.allConnected()) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.add(resolve));
  }

  private allConnected(): boolean {
    return this.watches.every((watch) => watch.isConnected);
  }

  private onConnected(): void {
    if (!this.allConnected()) return;
    const waiters = [...this.connectedWaiters];
    this.connectedWaiters.clear();
    waiters.forEach((resolve) => resolve());
  }

  /** Stops every watch, including those still starting. */
  stop(): void {
    this.stopped = true;
    this.watches.forEach((watch) => watch.stop());
  }

  private async startWatch(resource: WatchedResource): Promise<void> {
    const { timeline } = this.options;
    const watch = new ResilientWatch({
      kubeConfig: this.options.kubeConfig,
      path: resource.path,
      clock: this.options.clock,
      list: () => this.list(resource),
      onChange: (verb, object) => timeline.record({ verb, kind: resource.kind, object: withKind(object, resource) }),
      onRecovery: (kind, text) => timeline.mark(kind, text),
      onConnected: () => this.onConnected(),
      ...(this.options.silenceMs !== undefined && { silenceMs: this.options.silenceMs }),
      ...(this.options.backoffMs !== undefined && { backoffMs: this.options.backoffMs }),
    });
    // Registered before it starts, so that stop() during start() reaches it.
    this.watches.push(watch);
    if (this.stopped) watch.stop();
    try {
      await watch.start();
    } catch (error) {
      watch.stop();
      const status = error instanceof ClusterRequestError ? error.status : undefined;
      if (resource.optional && status !== undefined && resource.optional.statuses.includes(status)) {
        timeline.markUnobserved(resource.kind, resource.optional.marker(status));
        return;
      }
      throw error;
    }
  }

  private list(resource: WatchedResource): Promise<ListResult> {
    return withRetry(async () => {
      const list = await resource.list();
      // The typed clients turn timestamps into Date objects; watches deliver JSON. Keep one shape.
      const items = JSON.parse(JSON.stringify(list.items)) as KubernetesObject[];
      return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
    }, { what: `list ${resource.path}`, ...(this.options.retryPolicy && { policy: this.options.retryPolicy }) });
  }

  private async resources(): Promise<WatchedResource[]> {
    const namespace = this.options.namespace;
    const base = `/api/v1/namespaces/${namespace}`;
    const slices = await this.endpointSliceVersion();
    const endpoints: WatchedResource = slices
      ? {
        kind: 'EndpointSlice', apiVersion: slices, path: `/apis/${slices}/namespaces/${namespace}/endpointslices`,
        list: () => this.custom.listNamespacedCustomObject({
          group: 'discovery.k8s.io', version: slices.split('/')[1]!, namespace, plural: 'endpointslices',
        }) as Promise<{ items: object[]; metadata?: { resourceVersion?: string } }>,
      }
      : { kind: 'Endpoints', apiVersion: 'v1', path: `${base}/endpoints`, list: () => this.core.listNamespacedEndpoints({ namespace }) };
    const workload = (kind: WorkloadKind, path: string, resource: string, list: WatchedResource['list']): WatchedResource => ({
      kind, apiVersion: kind === 'ReplicationController' ? 'v1' : 'apps/v1', path, list, optional: workloadOptional(resource, `${kind}s`),
    });
    const apps = `/apis/apps/v1/namespaces/${namespace}`;
    const workloads = [
      workload('Deployment', `${apps}/deployments`, 'deployments.apps', () => this.apps.listNamespacedDeployment({ namespace })),
      workload('ReplicaSet', `${apps}/replicasets`, 'replicasets.apps', () => this.apps.listNamespacedReplicaSet({ namespace })),
      workload('StatefulSet', `${apps}/statefulsets`, 'statefulsets.apps', () => this.apps.listNamespacedStatefulSet({ namespace })),
      workload('ReplicationController', `${base}/replicationcontrollers`, 'replicationcontrollers', () => this.core.listNamespacedReplicationController({ namespace })),
    ];
    const nodes: WatchedResource = {
      kind: 'Node', apiVersion: 'v1', path: '/api/v1/nodes', list: () => this.core.listNode(),
      optional: { statuses: [403], marker: () => 'nodes are not observed: RBAC forbids listing nodes (node expectations will see none)' },
    };
    return [
      { kind: 'Pod', apiVersion: 'v1', path: `${base}/pods`, list: () => this.core.listNamespacedPod({ namespace }) },
      { kind: 'Event', apiVersion: 'v1', path: `${base}/events`, list: () => this.core.listNamespacedEvent({ namespace }) },
      endpoints,
      ...(this.options.workloads === false ? [] : workloads),
      ...(this.options.nodes === false ? [] : [nodes]),
    ];
  }

  /** discovery.k8s.io/v1 where served (1.21+), else v1beta1 (1.17-1.24), else none: use Endpoints. */
  private async endpointSliceVersion(): Promise<string | undefined> {
    const apis = this.options.kubeConfig.makeApiClient(ApisApi);
    const groups = await withRetry(() => apis.getAPIVersions(), {
      what: 'discover API groups', ...(this.options.retryPolicy && { policy: this.options.retryPolicy }),
    });
    const discovery = groups.groups.find((group) => group.name === 'discovery.k8s.io');
    const versions = discovery?.versions.map((v) => v.groupVersion) ?? [];
    return ['discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1'].find((v) => versions.includes(v));
  }
}

/** A workload kind is worth watching but not essential: a refusal (403) or a server without it (404) limits what is seen. */
function workloadOptional(resource: string, plural: string): NonNullable<WatchedResource['optional']> {
  return {
    statuses: [403, 404],
    marker: (status) => `${resource} are not observed: ${status === 403 ? 'RBAC forbids listing them' : 'the server does not serve them'} (replica expectations about ${plural} will see none)`,
  };
}

/** List items come without kind/apiVersion; put them back so the timeline is self-describing. */
function withKind(object: KubernetesObject, resource: WatchedResource): KubernetesObject {
  return object.kind ? object : { ...object, kind: resource.kind, apiVersion: resource.apiVersion };
}
