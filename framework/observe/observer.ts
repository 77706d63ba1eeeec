import { ApisApi, CoreV1Api, CustomObjectsApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../engine/clock.js';
import { ClusterRequestError } from '../cluster/api-errors.js';
import { withRetry, type RetryPolicy } from '../cluster/retry.js';
import { ResilientWatch, type ListResult } from './resilient-watch.js';
import type { Timeline } from './timeline.js';
import type { ObservedKind } from './timeline-entry.js';

export interface ObserverOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly timeline: Timeline;
  readonly clock: Clock;
  readonly retryPolicy?: RetryPolicy;
  /** Watch nodes too (cluster-wide read; skipped with a marker when RBAC forbids it). Default true. */
  readonly nodes?: boolean;
  readonly silenceMs?: number;
  readonly backoffMs?: readonly number[];
}

interface WatchedResource {
  readonly kind: ObservedKind;
  readonly apiVersion: string;
  readonly path: string;
  /** Lists the collection through a typed client (no discovery request per list). */
  readonly list: () => Promise<{ items: readonly object[]; metadata?: { resourceVersion?: string } }>;
}

/**
 * One observer per run: watches the run's pods, events and Service endpoints, and the nodes,
 * and records every change in the timeline. Started before the first apply, so nothing is missed.
 */
export class Observer {
  private readonly watches: ResilientWatch[] = [];
  private stopped = false;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(private readonly options: ObserverOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
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
      if (resource.kind === 'Node' && error instanceof ClusterRequestError && error.status === 403) {
        timeline.mark('observation-limited', 'nodes are not observed: RBAC forbids listing nodes (node expectations will see none)');
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
    return [
      { kind: 'Pod', apiVersion: 'v1', path: `${base}/pods`, list: () => this.core.listNamespacedPod({ namespace }) },
      { kind: 'Event', apiVersion: 'v1', path: `${base}/events`, list: () => this.core.listNamespacedEvent({ namespace }) },
      endpoints,
      ...(this.options.nodes === false ? [] : [{ kind: 'Node' as const, apiVersion: 'v1', path: '/api/v1/nodes', list: () => this.core.listNode() }]),
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

/** List items come without kind/apiVersion; put them back so the timeline is self-describing. */
function withKind(object: KubernetesObject, resource: WatchedResource): KubernetesObject {
  return object.kind ? object : { ...object, kind: resource.kind, apiVersion: resource.apiVersion };
}
