import type { SchemaObject } from 'ajv';
import type { ClusterAccess } from '../cluster/cluster-access.js';
import type { NodeAccess } from '../cluster/node-access.js';
import type { NodeDriverChoice } from '../nodes/drivers/registry.js';
import type { PendingNodeRevert } from '../nodes/pending-reverts.js';
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
  waitFor(predicate: (view: ClusterView) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<ClusterView | undefined>;
  /** Resolves after `ms` on the run's clock (asking again after a refusal); rejects when `signal` aborts. */
  delay(ms: number, signal?: AbortSignal): Promise<void>;
  /** The step this fault runs in. */
  readonly step: { readonly index: number; readonly name: string };
  /**
   * Cluster-scoped node operations: given only to faults with `reach: 'node'`, and only once the
   * safety guard allowed the cluster (see nodes/allowed-clusters.ts).
   */
  readonly nodes?: NodeAccess;
  /** The node driver the command line chose (--node-driver), which wins over the scenario's. */
  readonly nodeDriver?: NodeDriverChoice;
  /**
   * Registers how to undo what the fault is about to do, BEFORE doing it: the undo then runs at a
   * `revert` step, or at cleanup whatever happens (failure, timeout, Ctrl-C). `manual` tells a person
   * what to run if even that fails. The undo resolves with a summary, and must prove its effect.
   */
  onRevert(revert: Revert): Promise<void>;
  /** Runs the undo actions registered by the fault of the step named `stepName` (a `revert` step). */
  revertStep(stepName: string): Promise<string[]>;
  /** Tells the timeline that this fault acts on `node` now (node expectations find their node by it). */
  markNode(node: string, text: string): void;
}

/** How to undo a fault that changed something outside the run's namespace. */
export interface Revert {
  /** `start node kind-worker (docker start kind-worker)`. */
  readonly description: string;
  /** What a person runs by hand if Faultline cannot: `docker start kind-worker`. */
  readonly manual: string;
  /** The node it brings back, for the timeline. */
  readonly node?: string;
  /** What `faultline sweep` must do if this process is killed before it could undo the fault. */
  readonly pending?: PendingNodeRevert;
  run(signal: AbortSignal): Promise<string>;
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
  /**
   * What the fault may touch: only the run's namespace (default), or nodes, which affects every
   * workload on them. Node faults run only on clusters the user allowed.
   */
  readonly reach?: 'namespace' | 'node';
  /** How long the step may take when the scenario sets no `timeout` (default 60 s): starting a node takes longer. */
  readonly defaultTimeoutMs?: number;
  describe(spec: Spec): string;
  inject(context: FaultContext, spec: Spec): Promise<FaultOutcome>;
  validate?(spec: Spec): Array<{ path: string; message: string }>;
}

/** The fault ran but its effect could not be seen: the step fails with this message. */
export class FaultNotEffectiveError extends Error {
  override readonly name = 'FaultNotEffectiveError';
}
