import type { V1Node, V1Pod } from '@kubernetes/client-node';

/** How an eviction request ended. */
export type EvictionResult =
  | { readonly evicted: true }
  /** The API server refused it for now (429): a PodDisruptionBudget allows no disruption at the moment. */
  | { readonly evicted: false; readonly reason: string };

/**
 * The cluster-scoped operations node faults need, kept apart from ClusterAccess so that the
 * namespace-bound faults cannot reach them: only faults that declare `reach: 'node'` (and pass the
 * safety guard) are given a NodeAccess.
 */
export interface NodeAccess {
  readNode(name: string, signal?: AbortSignal): Promise<V1Node | undefined>;
  /** Sets `spec.unschedulable`, as `kubectl cordon` / `uncordon` do. */
  setUnschedulable(name: string, unschedulable: boolean, signal?: AbortSignal): Promise<V1Node>;
  /** Every pod bound to the node, in every namespace (`spec.nodeName=NAME`). */
  podsOnNode(name: string, signal?: AbortSignal): Promise<V1Pod[]>;
  /** One request to the Eviction API; a 429 (disruption budget) is an answer, not an error. */
  evictPod(namespace: string, name: string, signal?: AbortSignal): Promise<EvictionResult>;
}
