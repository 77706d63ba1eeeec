import type { KubernetesObject } from '@kubernetes/client-node';
import { WORKLOAD_KINDS } from './workloads.js';

/** The kinds of object the observer watches. */
export const OBSERVED_KINDS = ['Pod', 'Event', 'Endpoints', 'EndpointSlice', 'Node', ...WORKLOAD_KINDS] as const;
export type ObservedKind = (typeof OBSERVED_KINDS)[number];

export type WatchVerb = 'ADDED' | 'MODIFIED' | 'DELETED';

/** An object as a watch delivered it, stamped with the moment Faultline received it. */
export interface ObjectChange {
  readonly type: 'change';
  /** Milliseconds since the epoch, from the run's clock. */
  readonly at: number;
  readonly verb: WatchVerb;
  readonly kind: ObservedKind;
  readonly object: KubernetesObject;
}

export const MARKERS = [
  'run-start', 'namespace-created', 'manifests-applied', 'step-start', 'step-end',
  'fault-injected', 'node-fault', 'fault-reverted', 'watch-resumed', 'watch-relisted', 'observation-limited', 'cleanup-start', 'run-end',
] as const;
export type MarkerKind = (typeof MARKERS)[number];

/** Something Faultline itself did or noticed, placed on the same time axis as the cluster's changes. */
export interface Marker {
  readonly type: 'marker';
  readonly at: number;
  readonly marker: MarkerKind;
  readonly text: string;
  /** Index of the step this marker belongs to, when it belongs to one. */
  readonly step?: number;
  /** On an `observation-limited` marker: the kind the run cannot watch (RBAC, or not served). */
  readonly unobserved?: ObservedKind;
  /** On `node-fault` and `fault-reverted` markers of node faults: the node acted on. */
  readonly node?: string;
}

/** One answer to a request an `http` expectation sent through a Service (see engine/http-prober.ts). */
export interface HttpResponseEntry {
  readonly type: 'http';
  readonly at: number;
  readonly service: string;
  readonly port?: string | number;
  readonly path: string;
  /** The HTTP status; absent when no HTTP answer came at all (see `error`). */
  readonly status?: number;
  readonly body: string;
  readonly error?: string;
}

export type TimelineEntry = ObjectChange | Marker | HttpResponseEntry;
