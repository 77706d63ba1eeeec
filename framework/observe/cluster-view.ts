import type { CoreV1Event, V1Endpoints, V1Node, V1Pod, KubernetesObject } from '@kubernetes/client-node';
import type { ObjectChange, TimelineEntry } from './timeline-entry.js';

/** A pod as last observed, with the moments that matter for lifecycle expectations. */
export interface PodRecord {
  readonly pod: V1Pod;
  readonly firstSeenAt: number;
  /** When a change carrying `metadata.deletionTimestamp` was first seen. */
  readonly terminatingSeenAt?: number;
  /** Its position in the timeline (orders changes that share a millisecond). */
  readonly terminatingSeenPosition?: number;
  /** When the DELETED watch event arrived. */
  readonly deletedAt?: number;
}

/** An Event with the moment its latest version was observed (robust to clock skew with the API server). */
export interface ObservedEvent {
  readonly event: CoreV1Event;
  readonly seenAt: number;
  /** Position in the timeline of its latest version. */
  readonly seenPosition: number;
  /** Each version seen: where, and its `count` then (the kubelet bumps one Event's count for repeats). */
  readonly counts: ReadonlyArray<{ readonly position: number; readonly count: number }>;
}

/** How many times an event occurred from timeline position `since` on: its count now, less its count before. */
export function occurrencesSince(observed: ObservedEvent, since: number): number {
  const before = observed.counts.filter((c) => c.position < since).at(-1)?.count ?? 0;
  return Math.max(0, (observed.event.count ?? 1) - before);
}

/** Ready and not-ready addresses of one Service, merged over its Endpoints or EndpointSlices. */
export interface ServiceEndpoints {
  readonly ready: ReadonlySet<string>;
  readonly notReady: ReadonlySet<string>;
}

/**
 * What the cluster looks like at one moment of the timeline: the fold of every change up to it.
 * Immutable: `apply` returns a new view, so a predicate can be judged at every intermediate state.
 */
export class ClusterView {
  private constructor(
    readonly at: number,
    /** How many timeline entries this view folds: the position of the next entry. */
    readonly position: number,
    private readonly podsByUid: ReadonlyMap<string, PodRecord>,
    readonly events: readonly ObservedEvent[],
    private readonly endpointSources: ReadonlyMap<string, ServiceEndpointSource>,
    private readonly nodesByName: ReadonlyMap<string, V1Node>,
  ) {}

  static empty(at = 0): ClusterView {
    return new ClusterView(at, 0, new Map(), [], new Map(), new Map());
  }

  static fold(entries: Iterable<TimelineEntry>, start = ClusterView.empty()): ClusterView {
    let view = start;
    for (const entry of entries) view = view.apply(entry);
    return view;
  }

  /** Pods currently present (not yet deleted), including Terminating ones. */
  get pods(): PodRecord[] {
    return [...this.podsByUid.values()].filter((record) => record.deletedAt === undefined);
  }

  /** Every pod seen during the run, deleted ones included. */
  get allPods(): PodRecord[] {
    return [...this.podsByUid.values()];
  }

  get nodes(): V1Node[] {
    return [...this.nodesByName.values()];
  }

  endpointsOf(service: string): ServiceEndpoints | undefined {
    const sources = [...this.endpointSources.values()].filter((source) => source.service === service);
    if (sources.length === 0) return undefined;
    const ready = new Set<string>();
    const notReady = new Set<string>();
    for (const source of sources) {
      source.ready.forEach((ip) => ready.add(ip));
      source.notReady.forEach((ip) => notReady.add(ip));
    }
    return { ready, notReady };
  }

  /** The same state, judged at a later moment (for durations that grow while nothing changes). */
  atTime(at: number): ClusterView {
    return this.with({ at });
  }

  apply(entry: TimelineEntry): ClusterView {
    const next = { at: entry.at, position: this.position + 1 };
    if (entry.type === 'marker') return this.with(next);
    switch (entry.kind) {
      case 'Pod': return this.with({ ...next, podsByUid: this.applyPod(entry) });
      case 'Event': return this.with({ ...next, events: this.applyEvent(entry) });
      case 'Endpoints':
      case 'EndpointSlice': return this.with({ ...next, endpointSources: this.applyEndpoints(entry) });
      case 'Node': return this.with({ ...next, nodesByName: this.applyNode(entry) });
    }
  }

  private with(changes: Partial<Pick<ClusterView, 'at' | 'position'> & {
    podsByUid: ReadonlyMap<string, PodRecord>;
    events: readonly ObservedEvent[];
    endpointSources: ReadonlyMap<string, ServiceEndpointSource>;
    nodesByName: ReadonlyMap<string, V1Node>;
  }>): ClusterView {
    return new ClusterView(
      changes.at ?? this.at,
      changes.position ?? this.position,
      changes.podsByUid ?? this.podsByUid,
      changes.events ?? this.events,
      changes.endpointSources ?? this.endpointSources,
      changes.nodesByName ?? this.nodesByName,
    );
  }

  private applyPod(change: ObjectChange): Map<string, PodRecord> {
    const pod = change.object as V1Pod;
    const uid = identity(pod);
    const previous = this.podsByUid.get(uid);
    const next = new Map(this.podsByUid);
    const startsTerminating = previous?.terminatingSeenAt === undefined && pod.metadata?.deletionTimestamp !== undefined;
    const terminatingSeenAt = startsTerminating ? change.at : previous?.terminatingSeenAt;
    const terminatingSeenPosition = startsTerminating ? this.position : previous?.terminatingSeenPosition;
    next.set(uid, {
      pod,
      firstSeenAt: previous?.firstSeenAt ?? change.at,
      ...(terminatingSeenAt !== undefined && { terminatingSeenAt }),
      ...(terminatingSeenPosition !== undefined && { terminatingSeenPosition }),
      ...(change.verb === 'DELETED' && { deletedAt: change.at }),
    });
    return next;
  }

  private applyEvent(change: ObjectChange): ObservedEvent[] {
    // An Event deleted by its TTL still happened: it stays in the view.
    if (change.verb === 'DELETED') return [...this.events];
    const event = change.object as CoreV1Event;
    const uid = identity(event);
    const previous = this.events.find((existing) => identity(existing.event) === uid);
    const counts = [...(previous?.counts ?? []), { position: this.position, count: event.count ?? 1 }];
    return [...this.events.filter((existing) => existing !== previous), { event, seenAt: change.at, seenPosition: this.position, counts }];
  }

  private applyEndpoints(change: ObjectChange): Map<string, ServiceEndpointSource> {
    const next = new Map(this.endpointSources);
    const key = `${change.kind}/${identity(change.object)}`;
    if (change.verb === 'DELETED') next.delete(key);
    else next.set(key, change.kind === 'Endpoints'
      ? fromEndpoints(change.object as V1Endpoints)
      : fromEndpointSlice(change.object as EndpointSliceLike));
    return next;
  }

  private applyNode(change: ObjectChange): Map<string, V1Node> {
    const next = new Map(this.nodesByName);
    const name = change.object.metadata?.name ?? '';
    if (change.verb === 'DELETED') next.delete(name);
    else next.set(name, change.object as V1Node);
    return next;
  }
}

interface ServiceEndpointSource {
  readonly service: string;
  readonly ready: ReadonlySet<string>;
  readonly notReady: ReadonlySet<string>;
}

/** The fields Faultline reads from discovery.k8s.io v1 and v1beta1 EndpointSlices (they agree on these). */
export interface EndpointSliceLike extends KubernetesObject {
  endpoints?: Array<{ addresses?: string[]; conditions?: { ready?: boolean } }>;
}

function fromEndpoints(endpoints: V1Endpoints): ServiceEndpointSource {
  const ready = new Set<string>();
  const notReady = new Set<string>();
  for (const subset of endpoints.subsets ?? []) {
    subset.addresses?.forEach((address) => ready.add(address.ip));
    subset.notReadyAddresses?.forEach((address) => notReady.add(address.ip));
  }
  return { service: endpoints.metadata?.name ?? '', ready, notReady };
}

function fromEndpointSlice(slice: EndpointSliceLike): ServiceEndpointSource {
  const ready = new Set<string>();
  const notReady = new Set<string>();
  for (const endpoint of slice.endpoints ?? []) {
    // A missing `ready` condition means ready (API documentation of EndpointConditions).
    const target = endpoint.conditions?.ready === false ? notReady : ready;
    endpoint.addresses?.forEach((ip) => target.add(ip));
  }
  return { service: slice.metadata?.labels?.['kubernetes.io/service-name'] ?? '', ready, notReady };
}

function identity(object: KubernetesObject): string {
  return object.metadata?.uid ?? `${object.metadata?.namespace}/${object.metadata?.name}`;
}
