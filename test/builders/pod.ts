import type { V1ContainerState, V1ContainerStatus, V1OwnerReference, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { NAMESPACE, T0, timestamp } from './time.js';

/** How a container was seen to end: `{ reason: 'Error', exitCode: 137 }`. */
export interface Termination {
  readonly reason?: string;
  readonly exitCode: number;
  /** The signal that ended it, when the runtime reports one. */
  readonly signal?: number;
}

/** A pod condition as the kubelet or scheduler writes it. */
export interface ConditionShape {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
}

/** The controller that owns a pod: `{ kind: 'ReplicaSet', name: 'web-5d4' }`; the uid defaults to `uid-<kind>-<name>`. */
export interface OwnerShape {
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
}

/** An init container's status; with `sidecar`, its spec has `restartPolicy: Always` (Kubernetes 1.28+). */
export interface InitContainerShape extends ContainerShape {
  readonly sidecar?: boolean;
  /** containerStatuses[].started, which sidecars report. */
  readonly started?: boolean;
}

/** One container of a pod. The container is running unless `waiting` or `terminated` says otherwise. */
export interface ContainerShape {
  readonly name?: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  /** Waiting reason, e.g. CrashLoopBackOff. */
  readonly waiting?: string;
  readonly terminated?: Termination;
  /** kubectl describe's "Last State". */
  readonly lastTerminated?: Termination;
  /** Default: `containerd://<pod>-<container>-<restartCount>`, so a restart changes it as the runtime does. */
  readonly containerID?: string;
}

export interface PodShape extends Omit<ContainerShape, 'name'> {
  /** Default `web-0`. */
  readonly name?: string;
  /** The single container's name; default `web`. */
  readonly containerName?: string;
  /** Default `uid-<name>`; give a new one for a pod recreated under the same name. */
  readonly uid?: string;
  /** Default `{ app: 'web' }`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Default Running. */
  readonly phase?: string;
  /** The pod's Ready condition; default: every container ready. */
  readonly podReady?: boolean;
  /** Default: derived from the name (see podIp) while Running; `null` for a pod without an IP yet. */
  readonly ip?: string | null;
  /** When deletion was requested, in ms after T0: sets deletionTimestamp (Terminating). */
  readonly deletionTimestamp?: number;
  readonly deletionGracePeriodSeconds?: number;
  /** Several containers; the single-container fields above describe `containers[0]` otherwise. */
  readonly containers?: readonly ContainerShape[];
  /** Init containers, in spec order (statuses keep that order, as the kubelet reports them); default names `init-0`, `init-1`. */
  readonly initContainers?: readonly InitContainerShape[];
  /** status.reason, e.g. Evicted, NodeLost. */
  readonly reason?: string;
  /** Replaces the default conditions (Initialized, Ready, ContainersReady, PodScheduled) entirely. */
  readonly conditions?: readonly ConditionShape[];
  /** No containerStatuses at all: a pod not yet scheduled, or not yet seen by its kubelet. */
  readonly withoutContainerStatuses?: boolean;
  /** The controller ownerReference (a ReplicaSet's pod); none by default, a bare pod. */
  readonly owner?: OwnerShape;
  readonly resourceVersion?: string;
}

/** The ownerReference a controller puts on its pods. */
export function ownerReference(owner: OwnerShape): V1OwnerReference {
  return {
    apiVersion: owner.kind === 'ReplicationController' ? 'v1' : 'apps/v1',
    kind: owner.kind,
    name: owner.name,
    uid: owner.uid ?? `uid-${owner.kind.toLowerCase()}-${owner.name}`,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A stable, distinct-enough pod IP for a name: web-0 → 10.244.0.x. */
export function podIp(name: string): string {
  const sum = [...name].reduce((total, ch) => total + ch.charCodeAt(0) * 7, 0);
  return `10.244.${Math.floor(sum / 250) % 250}.${(sum % 250) + 2}`;
}

/**
 * A Pod as a watch delivers it (JSON: timestamps are RFC 3339 strings). Container statuses are
 * sorted by name, as the kubelet sorts them; the spec keeps the given order.
 *
 * @example pod({ name: 'web-0', restartCount: 1, lastTerminated: { reason: 'Completed', exitCode: 0 } })
 */
export function pod(shape: PodShape = {}): V1Pod {
  const name = shape.name ?? 'web-0';
  const containers: readonly ContainerShape[] = shape.containers ?? [{ ...shape, name: shape.containerName ?? 'web' }];
  const named = containers.map((c, index) => ({ ...c, name: c.name ?? (index === 0 ? 'web' : `c${index}`) }));
  const phase = shape.phase ?? 'Running';
  const statuses = named.map((c) => containerStatus(name, c)).sort((a, b) => a.name.localeCompare(b.name));
  const allReady = statuses.length > 0 && statuses.every((s) => s.ready);
  const podReady = shape.podReady ?? allReady;
  const ip = shape.ip === null ? undefined : shape.ip ?? (phase === 'Pending' ? undefined : podIp(name));
  const inits = (shape.initContainers ?? []).map((c, index) => ({ ...c, name: c.name ?? `init-${index}` }));
  const initialized = inits.every((c) => c.terminated?.exitCode === 0 || (c.sidecar === true && c.started === true));
  const condition = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: timestamp(T0) });
  const conditions: V1PodCondition[] = shape.conditions === undefined
    ? [condition('Initialized', initialized), condition('Ready', podReady), condition('ContainersReady', allReady), condition('PodScheduled', true)]
    : shape.conditions.map((c) => ({ ...c, lastTransitionTime: timestamp(T0) }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NAMESPACE,
      uid: shape.uid ?? `uid-${name}`,
      resourceVersion: shape.resourceVersion ?? '1000',
      creationTimestamp: timestamp(T0),
      labels: { ...(shape.labels ?? { app: 'web' }) },
      ...(shape.owner !== undefined && { ownerReferences: [ownerReference(shape.owner)] }),
      ...(shape.deletionTimestamp !== undefined && {
        deletionTimestamp: timestamp(T0 + shape.deletionTimestamp),
        deletionGracePeriodSeconds: shape.deletionGracePeriodSeconds ?? 30,
      }),
    },
    spec: {
      ...(inits.length > 0 && {
        initContainers: inits.map((c) => ({ name: c.name, image: 'busybox:1.28', ...(c.sidecar === true && { restartPolicy: 'Always' }) })),
      }),
      containers: named.map((c) => ({ name: c.name, image: 'nginx:1.20.2', ports: [{ containerPort: 80, protocol: 'TCP' }] })),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      nodeName: 'kind-control-plane',
    },
    status: {
      phase,
      ...(shape.reason !== undefined && { reason: shape.reason }),
      conditions,
      hostIP: '172.18.0.2',
      ...(ip !== undefined && { podIP: ip, podIPs: [{ ip }] }),
      startTime: timestamp(T0),
      ...(inits.length > 0 && { initContainerStatuses: inits.map((c) => initContainerStatus(name, c)) }),
      ...(shape.withoutContainerStatuses !== true && { containerStatuses: statuses }),
    },
  };
}

function containerStatus(podName: string, shape: ContainerShape & { name: string }): V1ContainerStatus {
  const restartCount = shape.restartCount ?? 0;
  const containerID = shape.containerID ?? `containerd://${podName}-${shape.name}-${restartCount}`;
  const running = shape.waiting === undefined && shape.terminated === undefined;
  return {
    name: shape.name,
    image: 'docker.io/library/nginx:1.20.2',
    imageID: 'docker.io/library/nginx@sha256:03f3cb0afb7bd5c76e01bfec0ce08803c495348dccce37bcb82c347b4853c00b',
    containerID,
    ready: shape.ready ?? running,
    started: running,
    restartCount,
    state: stateOf(shape, containerID),
    lastState: shape.lastTerminated === undefined ? {} : { terminated: terminatedState(shape.lastTerminated, containerID) },
  };
}

function initContainerStatus(podName: string, shape: InitContainerShape & { name: string }): V1ContainerStatus {
  const status = containerStatus(podName, shape);
  const running = status.state?.running !== undefined;
  return {
    ...status,
    image: 'docker.io/library/busybox:1.28',
    ready: shape.ready ?? (shape.sidecar === true ? running : shape.terminated?.exitCode === 0),
    ...(shape.started !== undefined ? { started: shape.started } : { started: running }),
  };
}

function stateOf(shape: ContainerShape, containerID: string): V1ContainerState {
  if (shape.waiting !== undefined) {
    const message = shape.waiting === 'CrashLoopBackOff' ? `back-off 10s restarting failed container=${shape.name ?? 'web'}` : undefined;
    return { waiting: { reason: shape.waiting, ...(message && { message }) } };
  }
  if (shape.terminated !== undefined) return { terminated: terminatedState(shape.terminated, containerID) };
  return { running: { startedAt: timestamp(T0) } };
}

function terminatedState(termination: Termination, containerID: string): NonNullable<V1ContainerState['terminated']> {
  return {
    exitCode: termination.exitCode,
    ...(termination.reason !== undefined && { reason: termination.reason }),
    ...(termination.signal !== undefined && { signal: termination.signal }),
    startedAt: timestamp(T0),
    finishedAt: timestamp(T0),
    containerID,
  };
}
