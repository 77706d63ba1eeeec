import type { KubernetesObject, V1LabelSelector } from '@kubernetes/client-node';

/** The controllers whose replica counts Faultline observes, as `kubectl get deploy,rs,sts,rc` lists them. */
export const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** A workload as last observed, reduced to what replica expectations read. */
export interface WorkloadRecord {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly uid: string;
  /** spec.replicas, the desired count (the API server defaults it to 1). */
  readonly specReplicas: number | undefined;
  /** status.replicas: pods it has created and not yet seen removed. */
  readonly replicas: number;
  /** status.readyReplicas. */
  readonly readyReplicas: number;
  /** status.availableReplicas; undefined for a StatefulSet on a server older than 1.22, which does not report it. */
  readonly availableReplicas: number | undefined;
  /** Which pods it counts: apps/v1's label selector, or a ReplicationController's map as matchLabels. */
  readonly selector: V1LabelSelector;
  readonly object: KubernetesObject;
}

interface WorkloadFields extends KubernetesObject {
  spec?: { replicas?: number; selector?: V1LabelSelector | Record<string, string> };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

/**
 * Reads a Deployment, ReplicaSet, StatefulSet or ReplicationController. The API leaves zero
 * counts out of status (omitempty), so a missing count reads as 0.
 *
 * @example workloadRecord('ReplicaSet', rs).readyReplicas // 2
 */
export function workloadRecord(kind: WorkloadKind, object: KubernetesObject): WorkloadRecord {
  const { spec, status, metadata } = object as WorkloadFields;
  const selector = kind === 'ReplicationController'
    ? { matchLabels: { ...(spec?.selector as Record<string, string> | undefined) } }
    : (spec?.selector as V1LabelSelector | undefined) ?? {};
  // StatefulSetStatus gained availableReplicas in 1.22 (always sent from then on); before, it is absent, not zero.
  const availableReplicas = status?.availableReplicas ?? (kind === 'StatefulSet' ? undefined : 0);
  return {
    kind,
    name: metadata?.name ?? '',
    uid: metadata?.uid ?? '',
    specReplicas: spec?.replicas,
    replicas: status?.replicas ?? 0,
    readyReplicas: status?.readyReplicas ?? 0,
    availableReplicas,
    selector,
    object,
  };
}

/** `3 desired, 3 current, 2 ready, 2 available`: kubectl get's columns, in words. */
export function workloadCounts(record: WorkloadRecord): string {
  return [
    `${record.specReplicas ?? '?'} desired`,
    `${record.replicas} current`,
    `${record.readyReplicas} ready`,
    ...(record.availableReplicas === undefined ? [] : [`${record.availableReplicas} available`]),
  ].join(', ');
}

/** `ReplicaSet web-5d4: 3 desired, 3 current, 2 ready, 2 available`. */
export function describeWorkload(record: WorkloadRecord): string {
  return `${record.kind} ${record.name}: ${workloadCounts(record)}`;
}

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}
