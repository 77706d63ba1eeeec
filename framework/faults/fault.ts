import type { SchemaObject } from 'ajv';
import type { ClusterAccess } from '../cluster/cluster-access.js';
import type { ClusterView } from '../observe/cluster-view.js';
import type { Timeline } from '../observe/timeline.js';

/** What a fault may use. The engine builds it; a fault does only its own Kubernetes work. */
export interface FaultContext {
  readonly namespace: string;
  readonly cluster: ClusterAccess;
  readonly timeline: Timeline;
  /** Cancelled on step timeout, scenario timeout and interrupt. */
  readonly signal: AbortSignal;
  /** A line in the run's log (console reporters show it). */
  log(message: string): void;
  /** The current view of the cluster, as observed. */
  view(): ClusterView;
  /**
   * Waits, driven by the watches, until `predicate` holds for the observed cluster; resolves
   * with that view, or undefined when `timeoutMs` passes first.
   */
  waitFor(predicate: (view: ClusterView) => boolean, timeoutMs: number): Promise<ClusterView | undefined>;
}

/** What a fault reports once it has proved its effect. */
export interface FaultOutcome {
  /** For people: `renamed /usr/share/nginx/html/index.html to ... in pod web-7d9/web`. */
  readonly summary: string;
  /** The pods the fault acted on. */
  readonly pods: readonly string[];
}

/**
 * One kind of fault. `inject` must verify that the fault took effect and throw
 * a FaultNotEffectiveError when it did not: a selector that matched nothing, an exec refused,
 * a command that exited non-zero are failures, never a silent "done".
 */
export interface FaultPlugin<Spec, Kind extends string = string> {
  readonly kind: Kind;
  readonly schema: SchemaObject;
  describe(spec: Spec): string;
  inject(context: FaultContext, spec: Spec): Promise<FaultOutcome>;
  validate?(spec: Spec): Array<{ path: string; message: string }>;
}

/** The fault ran but its effect could not be seen: the step fails with this message. */
export class FaultNotEffectiveError extends Error {
  override readonly name = 'FaultNotEffectiveError';
}
