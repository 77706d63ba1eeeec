import type { KubernetesObject } from '@kubernetes/client-node';
import type { WorkloadKind } from '../../framework/observe/workloads.js';
import { NAMESPACE, T0, timestamp } from './time.js';

/** A controller as `kubectl get` summarises it: DESIRED, CURRENT, READY, AVAILABLE. */
export interface WorkloadShape {
  /** Default ReplicaSet. */
  readonly kind?: WorkloadKind;
  /** Default `web-5d4` for a ReplicaSet, else `web`. */
  readonly name?: string;
  /** Default `uid-<kind>-<name>`, the uid the pod builder's `owner` points at. */
  readonly uid?: string;
  /** spec.replicas; default 3. */
  readonly desired?: number;
  /** status.replicas; default 0. */
  readonly current?: number;
  /** status.readyReplicas; default 0. */
  readonly ready?: number;
  /** status.availableReplicas; default: the ready count (a StatefulSet on 1.20 reports none: pass null). */
  readonly available?: number | null;
  /** Default `{ app: 'web' }`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Deployment, ReplicaSet, StatefulSet or ReplicationController as a watch delivers it. Zero counts
 * are left out of status, as the API leaves them out (omitempty).
 *
 * @example workload({ kind: 'ReplicaSet', name: 'web-5d4', desired: 3, current: 3, ready: 2 })
 */
export function workload(shape: WorkloadShape = {}): KubernetesObject {
  const kind = shape.kind ?? 'ReplicaSet';
  const name = shape.name ?? (kind === 'ReplicaSet' ? 'web-5d4' : 'web');
  const labels = { ...(shape.labels ?? { app: 'web' }) };
  const available = shape.available === null ? undefined : shape.available ?? shape.ready;
  const counts = { replicas: shape.current, readyReplicas: shape.ready, availableReplicas: available };
  const status = Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== undefined && value !== 0));
  return {
    apiVersion: kind === 'ReplicationController' ? 'v1' : 'apps/v1',
    kind,
    metadata: {
      name, namespace: NAMESPACE, uid: shape.uid ?? `uid-${kind.toLowerCase()}-${name}`, resourceVersion: '4000', creationTimestamp: timestamp(T0),
    },
    spec: {
      replicas: shape.desired ?? 3,
      selector: kind === 'ReplicationController' ? labels : { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.20.2' }] } },
    },
    status,
  } as KubernetesObject;
}
