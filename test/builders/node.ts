import type { V1Node, V1NodeCondition, V1Taint } from '@kubernetes/client-node';
import { T0, timestamp } from './time.js';

/** A taint as `kubectl describe node` shows it: `node.kubernetes.io/unreachable:NoExecute`. */
export interface TaintShape {
  readonly key: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly value?: string;
}

export interface NodeShape {
  /** Default `vm-2`. */
  readonly name?: string;
  /** The Ready condition's status; default True. */
  readonly ready?: 'True' | 'False' | 'Unknown';
  /** Its reason; default KubeletReady for True, NodeStatusUnknown for Unknown, KubeletNotReady for False. */
  readonly readyReason?: string;
  /** Conditions besides Ready, e.g. `{ type: 'MemoryPressure', status: 'False' }`. */
  readonly conditions?: ReadonlyArray<{ readonly type: string; readonly status: 'True' | 'False' | 'Unknown'; readonly reason?: string }>;
  readonly taints?: readonly TaintShape[];
  /** Default `{ 'kubernetes.io/hostname': name }`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** A control-plane node: adds `node-role.kubernetes.io/control-plane`. */
  readonly controlPlane?: boolean;
  /** Cordoned: `spec.unschedulable: true`. */
  readonly unschedulable?: boolean;
}

const READY_REASONS = { True: 'KubeletReady', False: 'KubeletNotReady', Unknown: 'NodeStatusUnknown' } as const;
const READY_MESSAGES = {
  True: 'kubelet is posting ready status',
  False: 'container runtime is down',
  Unknown: 'Kubelet stopped posting node status.',
} as const;

/**
 * A Node as a watch delivers it.
 *
 * @example node({ name: 'vm-2', ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] })
 */
export function node(shape: NodeShape = {}): V1Node {
  const name = shape.name ?? 'vm-2';
  const ready = shape.ready ?? 'True';
  const condition = (type: string, status: string, reason: string, message?: string): V1NodeCondition => ({
    type, status, reason, ...(message !== undefined && { message }),
    lastHeartbeatTime: timestamp(T0), lastTransitionTime: timestamp(T0),
  });
  const taints: V1Taint[] = (shape.taints ?? []).map((t) => ({
    key: t.key, effect: t.effect, ...(t.value !== undefined && { value: t.value }),
    ...(t.effect === 'NoExecute' && { timeAdded: timestamp(T0) }),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-node-${name}`,
      resourceVersion: '500',
      creationTimestamp: timestamp(T0),
      labels: {
        ...(shape.labels ?? { 'kubernetes.io/hostname': name }),
        ...(shape.controlPlane === true && { 'node-role.kubernetes.io/control-plane': '' }),
      },
    },
    spec: {
      ...(shape.unschedulable === true && { unschedulable: true }),
      ...(taints.length > 0 && { taints }),
    },
    status: {
      conditions: [
        ...(shape.conditions ?? []).map((c) => condition(c.type, c.status, c.reason ?? `Kubelet${c.status === 'False' ? 'Has' : ''}${c.type}`)),
        condition('Ready', ready, shape.readyReason ?? READY_REASONS[ready], READY_MESSAGES[ready]),
      ],
      addresses: [{ type: 'InternalIP', address: `192.0.2.${name.length + 1}` }, { type: 'Hostname', address: name }],
    },
  };
}

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The pod bound to `nodeName` (the pod builder binds every pod to kind-control-plane). */
export function onNode<P extends { spec?: { nodeName?: string } }>(pod: P, nodeName: string): P {
  return { ...pod, spec: { ...pod.spec, nodeName } } as P;
}
