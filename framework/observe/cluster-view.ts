import type { CoreV1Event, V1Endpoints, V1Node, V1Pod, KubernetesObject } from '@kubernetes/client-node';
import { controllerOf, type ControllerRef } from './owners.js';
import type { HttpResponseEntry, ObjectChange, ObservedKind, TimelineEntry } from './timeline-entry.js';
import { WORKLOAD_KINDS, workloadRecord, type WorkloadKind, type WorkloadRecord } from './workloads.js';

/** A pod as last observed, with the moments that matter for lifecycle expectations. */
export interface PodRecord {
  readonly pod: V1Pod;
  readonly firstSeenAt: number;
  /** Position in the timeline of the change that first showed it (orders changes that share a millisecond). */
  readonly firstSeenPosition: number;
  /** When a change carrying `metadata.deletionTimestamp` was first seen. */
  readonly terminatingSeenAt?: number;
  /** Its position in the timeline (orders changes that share a millisecond). */
  readonly terminatingSeenPosition?: number;
  /** When the DELETED watch event arrived. */
  readonly deletedAt?: number;
  readonly deletedPosition?: number;
  /**
   * Set when the pod lost its controller ownerReference while observed (the controller released
   * it after a relabel): which controller, and where in the timeline. Cleared if it is adopted again.
   */
  readonly released?: { readonly controller: ControllerRef; readonly at: number; readonly position: number };
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

/** A response to an `http` expectation's request, with its place in the timeline. */
export interface ObservedResponse {
  readonly response: HttpResponseEntry;
  readonly position: number;
}

/** Ready and not-ready addresses of one Service, merged over its Endpoints or EndpointSlices. */
export interface ServiceEndpoints {
  readonly ready: ReadonlySet<string>;
  readonly notReady: ReadonlySet<string>;
}

/** Everything a view folds, apart from its moment and position. */
interface ViewState {
  readonly podsByUid: ReadonlyMap<string, PodRecord>;
  readonly events: readonly ObservedEvent[];
  readonly endpointSources: ReadonlyMap<string, ServiceEndpointSource>;
  readonly nodesByName: ReadonlyMap<string, V1Node>;
  /** `Kind/name` → the workload as last observed. */
  readonly workloadsByKey: ReadonlyMap<string, WorkloadRecord>;
  /** Kinds the run cannot watch, with the marker's explanation. */
  readonly unobserved: ReadonlyMap<ObservedKind, string>;
  /** Answers to `http` expectations' requests, oldest first. */
  readonly responses: readonly ObservedResponse[];
}

const EMPTY_STATE: ViewState = {
  podsByUid: new Map(), events: [], endpointSources: new Map(), nodesByName: new Map(), workloadsByKey: new Map(), unobserved: new Map(), responses: [],
};

/**
 * What the cluster looks like at one moment of the timeline: the fold of every change up to it.
 * Immutable: `apply` returns a new view, so a predicate can be judged at every intermediate state.
 */
export class ClusterView {
  private constructor(
    readonly at: number,
    /** How many timeline entries this view folds: the position of the next entry. */
    readonly position: number,
    private readonly state: ViewState,
  ) {}

  static empty(at = 0): ClusterView {
    return new ClusterView(at, 0, EMPTY_STATE);
  }

  static fold(entries: Iterable<TimelineEntry>, start = ClusterView.empty()): ClusterView {
    let view = start;
    for (const entry of entries) view = view.apply(entry);
    return view;
  }

  /** Pods currently present (not yet deleted), including Terminating ones. */
  get pods(): PodRecord[] {
    return [...this.state.podsByUid.values()].filter((record) => record.deletedAt === undefined);
  }

  /** Every pod seen during the run, deleted ones included. */
  get allPods(): PodRecord[] {
    return [...this.state.podsByUid.values()];
  }

  get events(): readonly ObservedEvent[] {
    return this.state.events;
  }

  /** Answers to `http` expectations' requests, oldest first. */
  get responses(): readonly ObservedResponse[] {
    return this.state.responses;
  }

  get nodes(): V1Node[] {
    return [...this.state.nodesByName.values()];
  }

  /** The node of that name, while it exists. */
  node(name: string): V1Node | undefined {
    return this.state.nodesByName.get(name);
  }

  /** The pod of that uid, deleted ones included (as in allPods). */
  pod(uid: string): PodRecord | undefined {
    return this.state.podsByUid.get(uid);
  }

  /** Deployments, ReplicaSets, StatefulSets and ReplicationControllers present, sorted by kind and name. */
  get workloads(): WorkloadRecord[] {
    return [...this.state.workloadsByKey.values()].sort((a, b) =>
      WORKLOAD_KINDS.indexOf(a.kind) - WORKLOAD_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
  }

  /** The workload of that kind and name, while it exists. */
  workload(kind: WorkloadKind, name: string): WorkloadRecord | undefined {
    return this.state.workloadsByKey.get(`${kind}/${name}`);
  }

  /**
   * Why `kind` is not watched in this run (RBAC forbids it, or the server does not serve it),
   * or undefined when it is: an expectation about it can then fail at once and say why.
   */
  unobservedReason(kind: ObservedKind): string | undefined {
    return this.state.unobserved.get(kind);
  }

  endpointsOf(service: string): ServiceEndpoints | undefined {
    const sources = [...this.state.endpointSources.values()].filter((source) => source.service === service);
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
    return new ClusterView(at, this.position, this.state);
  }

  apply(entry: TimelineEntry): ClusterView {
    const next = (changes: Partial<ViewState> = {}): ClusterView =>
      new ClusterView(entry.at, this.position + 1, { ...this.state, ...changes });
    if (entry.type === 'http') return next({ responses: [...this.state.responses, { response: entry, position: this.position }] });
    if (entry.type === 'marker') {
      if (entry.unobserved === undefined) return next();
      return next({ unobserved: new Map(this.state.unobserved).set(entry.unobserved, entry.text) });
    }
    switch (entry.kind) {
      case 'Pod': return next({ podsByUid: this.applyPod(entry) });
      case 'Event': return next({ events: this.applyEvent(entry) });
      case 'Endpoints':
      case 'EndpointSlice': return next({ endpointSources: this.applyEndpoints(entry) });
      case 'Node': return next({ nodesByName: this.applyNode(entry) });
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'ReplicationController': return next({ workloadsByKey: this.applyWorkload(entry, entry.kind) });
    }
  }

  private applyPod(change: ObjectChange): Map<string, PodRecord> {
    const pod = change.object as V1Pod;
    const uid = identity(pod);
    const previous = this.state.podsByUid.get(uid);
    const next = new Map(this.state.podsByUid);
    const startsTerminating = previous?.terminatingSeenAt === undefined && pod.metadata?.deletionTimestamp !== undefined;
    const terminatingSeenAt = startsTerminating ? change.at : previous?.terminatingSeenAt;
    const terminatingSeenPosition = startsTerminating ? this.position : previous?.terminatingSeenPosition;
    const released = releaseOf(previous, pod, change.at, this.position);
    next.set(uid, {
      pod,
      firstSeenAt: previous?.firstSeenAt ?? change.at,
      firstSeenPosition: previous?.firstSeenPosition ?? this.position,
      ...(terminatingSeenAt !== undefined && { terminatingSeenAt }),
      ...(terminatingSeenPosition !== undefined && { terminatingSeenPosition }),
      ...(change.verb === 'DELETED' && { deletedAt: change.at, deletedPosition: this.position }),
      ...(released && { released }),
    });
    return next;
  }

  private applyEvent(change: ObjectChange): ObservedEvent[] {
    // An Event deleted by its TTL still happened: it stays in the view.
    if (change.verb === 'DELETED') return [...this.state.events];
    const event = change.object as CoreV1Event;
    const uid = identity(event);
    const previous = this.state.events.find((existing) => identity(existing.event) === uid);
    const counts = [...(previous?.counts ?? []), { position: this.position, count: event.count ?? 1 }];
    return [...this.state.events.filter((existing) => existing !== previous), { event, seenAt: change.at, seenPosition: this.position, counts }];
  }

  private applyEndpoints(change: ObjectChange): Map<string, ServiceEndpointSource> {
    const next = new Map(this.state.endpointSources);
    const key = `${change.kind}/${identity(change.object)}`;
    if (change.verb === 'DELETED') next.delete(key);
    else next.set(key, change.kind === 'Endpoints'
      ? fromEndpoints(change.object as V1Endpoints)
      : fromEndpointSlice(change.object as EndpointSliceLike));
    return next;
  }

  private applyNode(change: ObjectChange): Map<string, V1Node> {
    const next = new Map(this.state.nodesByName);
    const name = change.object.metadata?.name ?? '';
    if (change.verb === 'DELETED') next.delete(name);
    else next.set(name, change.object as V1Node);
    return next;
  }

  private applyWorkload(change: ObjectChange, kind: WorkloadKind): Map<string, WorkloadRecord> {
    const next = new Map(this.state.workloadsByKey);
    const key = `${kind}/${change.object.metadata?.name ?? ''}`;
    if (change.verb === 'DELETED') next.delete(key);
    else next.set(key, workloadRecord(kind, change.object));
    return next;
  }
}

/** The release to record on this change: a new one when the controller reference just went away, else the last one unless re-adopted. */
function releaseOf(previous: PodRecord | undefined, pod: V1Pod, at: number, position: number): PodRecord['released'] {
  if (controllerOf(pod) !== undefined) return undefined;
  const before = previous === undefined ? undefined : controllerOf(previous.pod);
  if (before !== undefined) return { controller: before, at, position };
  return previous?.released;
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
