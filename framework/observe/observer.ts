import { ApisApi, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
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
  /** The list kind for KubernetesObjectApi.list. */
  readonly listKind: string;
  readonly path: string;
  readonly namespaced: boolean;
}

/**
 * One observer per run: watches the run's pods, events and Service endpoints, and the nodes,
 * and records every change in the timeline. Started before the first apply, so nothing is missed.
 */
export class Observer {
  private readonly watches: ResilientWatch[] = [];

  constructor(private readonly options: ObserverOptions) {}

  /** Resolves once every watch is established; the endpoint source is chosen by discovery. */
  async start(): Promise<void> {
    const resources = await this.resources();
    await Promise.all(resources.map((resource) => this.startWatch(resource)));
  }

  stop(): void {
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
    try {
      await watch.start();
      this.watches.push(watch);
    } catch (error) {
      watch.stop();
      if (resource.kind === 'Node' && error instanceof ClusterRequestError && error.status === 403) {
        timeline.mark('watch-resumed', 'nodes are not observed: RBAC forbids listing nodes (node expectations will see none)');
        return;
      }
      throw error;
    }
  }

  private list(resource: WatchedResource): Promise<ListResult> {
    const objects = KubernetesObjectApi.makeApiClient(this.options.kubeConfig);
    const namespace = resource.namespaced ? this.options.namespace : undefined;
    return withRetry(async () => {
      const list = await objects.list(resource.apiVersion, resource.listKind, namespace);
      // The typed client turns timestamps into Date objects; watches deliver JSON. Keep one shape.
      const items = JSON.parse(JSON.stringify(list.items)) as KubernetesObject[];
      return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
    }, { what: `list ${resource.path}`, ...(this.options.retryPolicy && { policy: this.options.retryPolicy }) });
  }

  private async resources(): Promise<WatchedResource[]> {
    const ns = this.options.namespace;
    const namespaced = (kind: ObservedKind, apiVersion: string, plural: string): WatchedResource => ({
      kind, apiVersion, listKind: kind, namespaced: true,
      path: `${apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`}/namespaces/${ns}/${plural}`,
    });
    const endpointSlices = await this.endpointSliceVersion();
    return [
      namespaced('Pod', 'v1', 'pods'),
      namespaced('Event', 'v1', 'events'),
      endpointSlices ? namespaced('EndpointSlice', endpointSlices, 'endpointslices') : namespaced('Endpoints', 'v1', 'endpoints'),
      ...(this.options.nodes === false ? [] : [{ kind: 'Node', apiVersion: 'v1', listKind: 'Node', path: '/api/v1/nodes', namespaced: false } as const]),
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
