import type {
  CoreV1Event, KubernetesObject, V1ContainerState, V1ContainerStatus, V1Endpoints, V1Node, V1Pod,
} from '@kubernetes/client-node';
import type { EndpointSliceLike } from '../observe/cluster-view.js';
import type { HttpResponseEntry, Marker, ObjectChange, ObservedKind, TimelineEntry } from '../observe/timeline-entry.js';
import { workloadCounts, workloadRecord, type WorkloadKind } from '../observe/workloads.js';

export interface RenderTimelineOptions {
  /** The moment times are relative to (milliseconds since the epoch), usually the run's start. */
  readonly start: number;
  /** First moment to show, inclusive. Earlier entries still count when deciding what changed. */
  readonly since?: number;
  /** Last moment to show, inclusive. */
  readonly until?: number;
  /** Keep only the last `maxLines` lines, preceded by `… N earlier lines`. */
  readonly maxLines?: number;
}

/**
 * Renders a timeline as one readable line per entry, saying what changed rather than dumping objects.
 * A MODIFIED change that alters nothing shown (resourceVersion, managedFields, node heartbeats) is left out.
 *
 * @example
 * renderTimeline(result.timeline, { start: result.startedAt, maxLines: 40 });
 * // [ '+0.00s  ── step 1 fault renameFile: renamed index.html to index.htm ──',
 * //   '+3.02s  Warning Unhealthy pod/web-7d9: Liveness probe failed: HTTP probe failed with statuscode: 404',
 * //   '+9.41s  pod web-7d9: Running, Ready; web: running, restarts 1, last terminated Completed exit 0; IP 10.244.0.5' ]
 */
export function renderTimeline(entries: readonly TimelineEntry[], options: RenderTimelineOptions): string[] {
  const { start, since = -Infinity, until = Infinity, maxLines } = validated(options);
  const lastState = new Map<string, string>();
  const shown: Array<{ at: number; text: string }> = [];
  for (const entry of entries) {
    const text = entry.type === 'marker' ? markerText(entry) : entry.type === 'http' ? responseText(entry, lastState) : changeText(entry, lastState);
    if (text !== undefined && entry.at >= since && entry.at <= until) shown.push({ at: entry.at, text });
  }
  const times = shown.map(({ at }) => relativeTime(at - start));
  const width = Math.max(0, ...times.map((time) => time.length));
  const lines = shown.map(({ text }, i) => `${times[i]!.padStart(width)}  ${text}`);
  if (maxLines === undefined || lines.length <= maxLines) return lines;
  const cut = lines.length - maxLines;
  return [`… ${cut} earlier line${cut === 1 ? '' : 's'}`, ...lines.slice(cut)];
}

/**
 * One line saying what a pod looks like, for timelines and expectation messages.
 *
 * @example
 * summarizePod(pod) // 'pod web-7d9: Running, NotReady; web: waiting CrashLoopBackOff, restarts 3, last terminated Completed exit 0; IP 10.244.0.5'
 */
export function summarizePod(pod: V1Pod): string {
  return `pod ${pod.metadata?.name ?? '(unnamed)'}: ${podState(pod)}`;
}

function validated(options: RenderTimelineOptions): RenderTimelineOptions {
  if (!Number.isFinite(options.start)) {
    throw new TypeError(`renderTimeline: expected \`start\` to be a time in milliseconds, got ${String(options.start)}`);
  }
  const { maxLines } = options;
  if (maxLines !== undefined && !(Number.isInteger(maxLines) && maxLines > 0)) {
    throw new TypeError(`renderTimeline: expected \`maxLines\` to be a positive integer, got ${String(maxLines)}`);
  }
  return options;
}

/** `+12.30s`, or `-0.40s` for an entry before `start`. */
function relativeTime(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(2)}s`;
}

function markerText(marker: Marker): string {
  const text = marker.text.trim() || marker.marker;
  return `── ${marker.step === undefined ? '' : `step ${marker.step} `}${text} ──`;
}

/** How one kind of object is named and summarised; `state` is what is compared to skip churn. */
interface Rendering {
  readonly subject: string;
  readonly state: string;
}

// One renderer per observed kind: adding a kind to OBSERVED_KINDS without one is a compile error.
const RENDERERS: { readonly [K in ObservedKind]: (object: KubernetesObject) => Rendering } = {
  Pod: (object) => ({ subject: `pod ${nameOf(object)}`, state: podState(object as V1Pod) }),
  Event: (object) => ({ subject: '', state: summarizeEvent(object as CoreV1Event) }),
  Endpoints: (object) => ({ subject: `endpoints ${nameOf(object)}`, state: endpointsState(object as V1Endpoints) }),
  EndpointSlice: (object) => ({
    subject: `endpointslice ${nameOf(object)} (service ${object.metadata?.labels?.['kubernetes.io/service-name'] ?? '?'})`,
    state: endpointSliceState(object as EndpointSliceLike),
  }),
  Node: (object) => ({ subject: `node ${nameOf(object)}`, state: nodeState(object as V1Node) }),
  Deployment: (object) => workloadRendering('Deployment', object),
  ReplicaSet: (object) => workloadRendering('ReplicaSet', object),
  StatefulSet: (object) => workloadRendering('StatefulSet', object),
  ReplicationController: (object) => workloadRendering('ReplicationController', object),
};

/** `replicaset web-5d4: 3 desired, 3 current, 2 ready, 2 available`. */
function workloadRendering(kind: WorkloadKind, object: KubernetesObject): Rendering {
  return { subject: `${kind.toLowerCase()} ${nameOf(object)}`, state: workloadCounts(workloadRecord(kind, object)) };
}

function changeText(change: ObjectChange, lastState: Map<string, string>): string | undefined {
  // An Event removed by its TTL still happened; its deletion says nothing about the cluster.
  if (change.kind === 'Event' && change.verb === 'DELETED') return undefined;
  const { subject, state } = RENDERERS[change.kind](change.object);
  const key = `${change.kind}/${change.object.metadata?.uid ?? `${change.object.metadata?.namespace}/${nameOf(change.object)}`}`;
  const unchanged = lastState.get(key) === state;
  lastState.set(key, state);
  if (change.kind === 'Event') return unchanged ? undefined : state;
  if (change.verb === 'MODIFIED') return unchanged ? undefined : `${subject}: ${state}`;
  return `${subject} ${change.verb}: ${state}`;
}

function nameOf(object: KubernetesObject): string {
  return object.metadata?.name ?? '(unnamed)';
}

function podState(pod: V1Pod): string {
  const status = pod.status ?? {};
  const head: string[] = [status.phase ?? 'Unknown'];
  if (status.reason) head.push(status.reason);
  if (pod.metadata?.deletionTimestamp != null) head.push('Terminating');
  const scheduled = status.conditions?.find((condition) => condition.type === 'PodScheduled');
  if (scheduled?.status === 'False') head.push(scheduled.reason ?? 'Unschedulable');
  const ready = status.conditions?.find((condition) => condition.type === 'Ready');
  if (ready) head.push(ready.status === 'True' ? 'Ready' : 'NotReady');

  const sections = [head.join(', ')];
  const inits = status.initContainerStatuses ?? [];
  // Finished init containers would repeat on every line for the pod's whole life; show them while they matter.
  if (inits.some((init) => init.state?.terminated?.exitCode !== 0)) {
    sections.push(...inits.map((init) => `init ${containerText(init)}`));
  }
  sections.push(...(status.containerStatuses ?? []).map(containerText));
  if (status.podIP) sections.push(`IP ${status.podIP}`);
  return sections.join('; ');
}

function containerText(container: V1ContainerStatus): string {
  const parts = [stateText(container.state)];
  if (container.restartCount > 0) {
    parts.push(`restarts ${container.restartCount}`);
    if (container.lastState?.terminated) parts.push(`last ${stateText(container.lastState)}`);
  }
  return `${container.name}: ${parts.join(', ')}`;
}

function stateText(state: V1ContainerState | undefined): string {
  if (state?.running) return 'running';
  if (state?.waiting) return ['waiting', state.waiting.reason].filter(Boolean).join(' ');
  if (state?.terminated) {
    const { reason, exitCode, signal } = state.terminated;
    return ['terminated', reason, `exit ${exitCode}`, signal ? `signal ${signal}` : ''].filter(Boolean).join(' ');
  }
  return 'no state';
}

/** `Warning Unhealthy pod/web-7d9: Liveness probe failed: ... (x3)`, one line. */
export function summarizeEvent(event: CoreV1Event): string {
  const involved = event.involvedObject;
  const count = event.series?.count ?? event.count ?? 1;
  const message = (event.message ?? '').trim().replace(/\s*\n\s*/g, ' ');
  return `${event.type ?? 'Normal'} ${event.reason ?? '(no reason)'} `
    + `${(involved?.kind ?? 'object').toLowerCase()}/${involved?.name ?? '?'}: ${message}`
    + (count > 1 ? ` (x${count})` : '');
}

function endpointsState(endpoints: V1Endpoints): string {
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const subset of endpoints.subsets ?? []) {
    subset.addresses?.forEach((address) => ready.push(address.ip));
    subset.notReadyAddresses?.forEach((address) => notReady.push(address.ip));
  }
  return addressText(ready, notReady);
}

function endpointSliceState(slice: EndpointSliceLike): string {
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const endpoint of slice.endpoints ?? []) {
    // A missing `ready` condition means ready (API documentation of EndpointConditions).
    (endpoint.conditions?.ready === false ? notReady : ready).push(...(endpoint.addresses ?? []));
  }
  return addressText(ready, notReady);
}

function addressText(ready: string[], notReady: string[]): string {
  const list = (ips: string[]) => `[${[...ips].sort().join(', ')}]`;
  return `ready ${list(ready)}, not ready ${list(notReady)}`;
}

function nodeState(node: V1Node): string {
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  const parts = [
    ready === undefined ? 'Ready unknown'
      : ready.status === 'True' ? 'Ready'
        : ready.status === 'False' ? 'NotReady' : `NotReady (Ready=${ready.status})`,
  ];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  const taints = (node.spec?.taints ?? []).map((taint) => `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`);
  parts.push(taints.length === 0 ? 'no taints' : `taints [${taints.join(', ')}]`);
  return parts.join(', ');
}

/** `GET web/index.html: 200 (612 bytes)`, shown only when the answer differs from the previous one. */
function responseText(entry: HttpResponseEntry, lastState: Map<string, string>): string | undefined {
  const port = entry.port === undefined ? '' : `:${entry.port}`;
  const request = `GET ${entry.service}${port}${entry.path.startsWith('/') ? '' : '/'}${entry.path}`;
  const answer = entry.status === undefined ? `no answer (${entry.error ?? 'unknown error'})` : `${entry.status} (${entry.body.length} bytes)`;
  const key = `http/${request}`;
  if (lastState.get(key) === answer) return undefined;
  lastState.set(key, answer);
  return `${request}: ${answer}`;
}
