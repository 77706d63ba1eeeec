import type { SchemaObject } from 'ajv';
import type { ClusterView } from '../observe/cluster-view.js';
import type { TimelinePoint } from '../observe/timeline.js';
import type { NodeFaultRecord } from '../nodes/node-fault-record.js';

/** The outcome of judging a predicate at one moment of the timeline. */
export interface Check {
  /** Whether the predicate holds in this view. */
  readonly holds: boolean;
  /** What was seen, for people: `restartCount 0 (pod web-7d9 container web)`. */
  readonly observed: string;
  /**
   * Set when the predicate can never hold from here on (a measured duration outside its range,
   * the pod it watches is gone): the expectation fails at once instead of at the window's end.
   */
  readonly impossible?: string;
  /**
   * Set when the expectation does not apply at all (no node fault came before it, no pod was on the
   * lost node): it fails in every window, `never` included, so that "nothing happened" is never
   * confused with "there was nothing to happen to".
   */
  readonly inapplicable?: string;
}

/** What a predicate may know beyond the view. */
export interface CheckContext {
  /** The namespace of the run. */
  readonly namespace: string;
  /**
   * Start of the evidence window: the start of the last fault step (or of the run). Events and
   * deletions from before it do not count. `position` orders changes within one millisecond.
   */
  readonly since: TimelinePoint;
  /** When the step began (windows are measured from it); set by the engine, for messages that give times. */
  readonly stepStart?: number;
  /** The nodes that node faults acted on before this step, oldest first (none without node faults). */
  readonly nodeFaults?: readonly NodeFaultRecord[];
}

/**
 * A verdict-keeper for one evaluation: judges the views in timeline order and may remember what it
 * saw in earlier ones (which item of a sequence is met). The engine creates one per evaluation and
 * shows it every state it judges, in order, each at least once; it may show the same state again
 * (the window's end, a recheck), so judging an unchanged state twice must change nothing.
 */
export interface Judge {
  check(view: ClusterView): Check;
  recheckAt?(view: ClusterView): number | undefined;
}

/**
 * One kind of expectation: a predicate over the cluster as observed.
 * The engine owns windows, timing and reporting; a plugin only judges one view.
 *
 * @example
 * export const ready: ExpectationPlugin<ReadySpec, 'ready'> = {
 *   kind: 'ready', schema: {...},
 *   describe: (spec) => `pods ${spec.target} Ready=${spec.status ?? true}`,
 *   check: (view, spec) => ({ holds: ..., observed: ... }),
 * };
 */
export interface ExpectationPlugin<Spec, Kind extends string = string> {
  readonly kind: Kind;
  /** Whether this kind measures something once (e.g. a duration) rather than a state over time. */
  readonly measurement?: boolean;
  /** JSON Schema of the spec's own fields; the window fields are added by the schema assembler. */
  readonly schema: SchemaObject;
  describe(spec: Spec): string;
  check(view: ClusterView, spec: Spec, context: CheckContext): Check;
  /**
   * When the verdict may change with no new event (a duration passing its bound), the moment
   * to judge again. The engine sets a timer for it; nothing polls.
   */
  recheckAt?(view: ClusterView, spec: Spec, context: CheckContext): number | undefined;
  /** A default window that fits this spec better than the step's default (e.g. longer than a measured range). */
  defaultWindowMs?(spec: Spec): number | undefined;
  /** Semantic checks beyond the schema (a selector's syntax, a regular expression). Returns problems. */
  validate?(spec: Spec): Array<{ path: string; message: string }>;
  /**
   * For a predicate that needs memory across states (things happening in order): a fresh judge per
   * evaluation, used by the engine instead of `check` and `recheckAt`. `check` then judges one view alone.
   */
  judge?(spec: Spec, context: CheckContext): Judge;
}

/**
 * How to judge one use of a plugin over successive views: its own judge when it keeps memory across
 * states (a sequence), else its stateless check and recheck.
 */
export function judgeOf<Spec>(plugin: ExpectationPlugin<Spec>, spec: Spec, context: CheckContext): Judge {
  if (plugin.judge) return plugin.judge(spec, context);
  const { recheckAt } = plugin;
  return {
    check: (view) => plugin.check(view, spec, context),
    ...(recheckAt && { recheckAt: (view: ClusterView) => recheckAt.call(plugin, view, spec, context) }),
  };
}
