import type { V1ContainerState, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { ClusterView, type PodRecord, type ServiceEndpoints } from '../../observe/cluster-view.js';
import { isPodReady } from '../../observe/target-pods.js';
import type { ObservedKind, TimelineEntry } from '../../observe/timeline-entry.js';

/** What a container was doing during a segment of its lane. */
export type ContainerPhase = 'pending' | 'waiting' | 'running' | 'terminated-ok' | 'terminated-error' | 'terminating';

/** A stretch of time during which one track of a lane did not change. Times in ms since the epoch. */
export interface Segment<State extends string> {
  readonly from: number;
  readonly to: number;
  readonly state: State;
  /** `Waiting CrashLoopBackOff`, `Terminated Error exit 137`, `Running`. */
  readonly label: string;
}

export type MembershipState = 'in' | 'out';

/** A stretch of a pod's membership in a Service's ready endpoints. */
export interface MembershipSegment extends Segment<MembershipState> {
  /** An `out` segment that follows an `in` one: the pod was taken out of the Service. */
  readonly removal: boolean;
}

/** The moment a container's restartCount went up. */
export interface RestartMark {
  readonly at: number;
  readonly container: string;
  readonly restartCount: number;
  /** `web restarted (restartCount 1); last terminated Completed exit 0`. */
  readonly text: string;
}

export interface ContainerTrack {
  readonly name: string;
  readonly init: boolean;
  readonly segments: readonly Segment<ContainerPhase>[];
  readonly restarts: readonly RestartMark[];
}

export interface MembershipTrack {
  readonly service: string;
  readonly segments: readonly MembershipSegment[];
}

/** Everything the chart shows about one pod, from when it was first seen to its deletion or the end. */
export interface PodLane {
  readonly name: string;
  readonly uid: string;
  /** The node the pod was bound to (spec.nodeName), as last seen; absent while it was never scheduled. */
  readonly node?: string;
  readonly containers: readonly ContainerTrack[];
  readonly ready: readonly Segment<'ready' | 'not-ready'>[];
  readonly endpoints: readonly MembershipTrack[];
}

/** The kinds whose changes can alter a lane. */
const LANE_KINDS: ReadonlySet<ObservedKind> = new Set(['Pod', 'Endpoints', 'EndpointSlice']);

/**
 * Folds a recorded timeline, as the engine does (ClusterView), and samples every pod after each change
 * of a pod or of endpoints: its containers' states, its Ready condition, and whether its IP is in each
 * Service's ready endpoints. Segments end at the pod's DELETED event, or at `end`.
 *
 * @example
 * podLanes(result.timeline, { end: runEnd })
 * // [{ name: 'web-7d9', containers: [{ name: 'web', segments: [{ state: 'running', ... }], restarts: [{ at, restartCount: 1 }] }],
 * //    ready: [...], endpoints: [{ service: 'web', segments: [{ state: 'in' }, { state: 'out', removal: true }] }] }]
 */
export function podLanes(entries: readonly TimelineEntry[], options: { readonly end: number }): PodLane[] {
  const services = serviceNames(entries);
  const lanes = new Map<string, LaneBuilder>();
  let view = ClusterView.empty();
  for (const entry of entries) {
    view = view.apply(entry);
    if (entry.type !== 'change' || !LANE_KINDS.has(entry.kind)) continue;
    // The same for every pod of this entry: worked out once.
    const members = new Map(services.map((service) => [service, view.endpointsOf(service)] as const));
    for (const record of view.allPods) {
      const uid = record.pod.metadata?.uid ?? record.pod.metadata?.name ?? '?';
      let lane = lanes.get(uid);
      if (!lane) lanes.set(uid, lane = new LaneBuilder(record.pod, uid));
      lane.sample(record, members, entry.at);
    }
  }
  return [...lanes.values()].map((lane) => lane.build(options.end));
}

/** The Services whose endpoints the run saw, by name, in order of first sight. */
function serviceNames(entries: readonly TimelineEntry[]): string[] {
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry.type !== 'change') continue;
    if (entry.kind === 'Endpoints') names.add(entry.object.metadata?.name ?? '');
    if (entry.kind === 'EndpointSlice') names.add(entry.object.metadata?.labels?.['kubernetes.io/service-name'] ?? '');
  }
  names.delete('');
  return [...names];
}

/** Samples in time order → the stretches during which the state and label did not change (`undefined`: no segment). */
export class SegmentFold<State extends string> {
  private readonly segments: Segment<State>[] = [];
  private open: { from: number; state: State; label: string } | undefined;

  observe(at: number, state: State | undefined, label = ''): void {
    if (this.open && this.open.state === state && this.open.label === label) return;
    this.end(at);
    if (state !== undefined) this.open = { from: at, state, label };
  }

  close(at: number): Segment<State>[] {
    this.end(at);
    return this.segments;
  }

  private end(at: number): void {
    if (this.open) this.segments.push({ ...this.open, to: Math.max(at, this.open.from) });
    this.open = undefined;
  }
}

/** A stretch out of the endpoints after one in them is a removal. */
function withRemovals(segments: readonly Segment<MembershipState>[]): MembershipSegment[] {
  return segments.map((segment, i) => ({ ...segment, removal: segment.state === 'out' && segments.slice(0, i).some((s) => s.state === 'in') }));
}

class LaneBuilder {
  private readonly containers = new Map<string, { init: boolean; track: SegmentFold<ContainerPhase>; restarts: RestartMark[]; restartCount?: number }>();
  private readonly ready = new SegmentFold<'ready' | 'not-ready'>();
  private readonly endpoints = new Map<string, SegmentFold<MembershipState>>();
  private deletedAt: number | undefined;

  constructor(private pod: V1Pod, private readonly uid: string) {}

  sample(record: PodRecord, endpoints: ReadonlyMap<string, ServiceEndpoints | undefined>, at: number): void {
    if (this.deletedAt !== undefined) return;
    this.pod = record.pod;
    if (record.deletedAt !== undefined) {
      this.deletedAt = record.deletedAt;
      return;
    }
    const pod = record.pod;
    const terminating = pod.metadata?.deletionTimestamp != null;
    for (const { name, init, status } of containersOf(pod)) {
      const container = this.container(name, init);
      const [phase, label] = phaseOf(status, pod, terminating);
      container.track.observe(at, phase, label);
      const count = status?.restartCount;
      if (count !== undefined && container.restartCount !== undefined && count > container.restartCount) {
        container.restarts.push({ at, container: name, restartCount: count, text: restartText(name, status!) });
      }
      if (count !== undefined) container.restartCount = count;
    }
    const ready = isPodReady(pod);
    this.ready.observe(at, ready ? 'ready' : 'not-ready', ready ? 'Ready' : 'NotReady');
    const ip = pod.status?.podIP;
    for (const [service, members] of endpoints) {
      const track = this.endpoints.get(service) ?? new SegmentFold<MembershipState>();
      this.endpoints.set(service, track);
      if (!ip) track.observe(at, undefined);
      else if (members?.ready.has(ip)) track.observe(at, 'in', `in service ${service}`);
      else track.observe(at, 'out', members?.notReady.has(ip) ? 'not-ready address' : `not in service ${service}`);
    }
  }

  build(end: number): PodLane {
    const until = this.deletedAt ?? end;
    const node = this.pod.spec?.nodeName;
    return {
      name: this.pod.metadata?.name ?? '(unnamed)',
      uid: this.uid,
      ...(node && { node }),
      containers: [...this.containers].map(([name, container]) => ({
        name, init: container.init, segments: container.track.close(until), restarts: container.restarts,
      })),
      ready: this.ready.close(until),
      endpoints: [...this.endpoints]
        .map(([service, track]) => ({ service, segments: withRemovals(track.close(until)) }))
        .filter((track) => track.segments.length > 0),
    };
  }

  private container(name: string, init: boolean) {
    const key = `${init ? 'init:' : ''}${name}`;
    let container = this.containers.get(key);
    if (!container) this.containers.set(key, container = { init, track: new SegmentFold<ContainerPhase>(), restarts: [] });
    return container;
  }
}

/** The pod's init and main containers, in spec order, with their statuses when the kubelet reported any. */
function containersOf(pod: V1Pod): Array<{ name: string; init: boolean; status: V1ContainerStatus | undefined }> {
  const statuses = (list: V1ContainerStatus[] | undefined, name: string) => list?.find((status) => status.name === name);
  return [
    ...(pod.spec?.initContainers ?? []).map((c) => ({ name: c.name, init: true, status: statuses(pod.status?.initContainerStatuses, c.name) })),
    ...(pod.spec?.containers ?? []).map((c) => ({ name: c.name, init: false, status: statuses(pod.status?.containerStatuses, c.name) })),
  ];
}

function phaseOf(status: V1ContainerStatus | undefined, pod: V1Pod, terminating: boolean): [ContainerPhase, string] {
  const state: V1ContainerState | undefined = status?.state;
  if (state?.terminated) {
    const { reason, exitCode } = state.terminated;
    return [exitCode === 0 ? 'terminated-ok' : 'terminated-error', ['Terminated', reason, `exit ${exitCode}`].filter(Boolean).join(' ')];
  }
  if (terminating) return ['terminating', 'Terminating'];
  if (state?.running) return ['running', status?.ready ? 'Running, ready' : 'Running'];
  if (state?.waiting) return ['waiting', ['Waiting', state.waiting.reason].filter(Boolean).join(' ')];
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
  return ['pending', scheduled?.status === 'False' ? `Pending ${scheduled.reason ?? 'Unschedulable'}` : 'Pending'];
}

function restartText(name: string, status: V1ContainerStatus): string {
  const last = status.lastState?.terminated;
  const lastText = last ? `; last terminated ${[last.reason, `exit ${last.exitCode}`].filter(Boolean).join(' ')}` : '';
  return `${name} restarted (restartCount ${status.restartCount})${lastText}`;
}
