import type { ExpectationPlugin } from './expectation.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { isTargeted } from '../observe/target-pods.js';
import { latestNodeFault, type NodeFaultRecord } from '../nodes/node-fault-record.js';

export interface EvictedSpec {
  /** Only these of the node's pods; default: every pod of the run that was on the node. */
  target?: TargetSpec;
  /** How many must have been evicted: a number, or all (default). `count: 1` with `never` asserts nothing was evicted. */
  count?: number | 'all';
  /** Not only marked for deletion (Terminating) but gone from the API: the lost node came back and confirmed. */
  gone?: boolean;
}

/**
 * The pods that were on the lost (or drained) node when the latest node fault acted were evicted:
 * marked for deletion (Terminating) by the taint manager once their `tolerationSeconds` for the
 * unreachable/not-ready taints ran out, or by the Eviction API during a drain. With `gone: true`,
 * deleted from the API too, which for a lost node happens only once it is back (nobody else can
 * confirm the containers stopped). When every node of a zone is lost, the controller enters full
 * disruption mode and evicts nothing: `count: 1` in a `never` window asserts that.
 */
export const evicted: ExpectationPlugin<EvictedSpec, 'evicted'> = {
  kind: 'evicted',
  schema: {
    type: 'object',
    description: "The run's pods that were on the node(s) of the latest node fault were evicted (Terminating), or gone from the API.",
    properties: {
      target: { ...TARGET_SCHEMA, description: "Only these of the node's pods (default: all the run's pods on it)." },
      count: {
        description: 'How many must be evicted: a number, or "all" (default). With never: count 1 asserts that nothing is evicted.',
        oneOf: [{ type: 'integer', minimum: 1 }, { const: 'all' }],
      },
      gone: { type: 'boolean', description: 'Deleted from the API, not only Terminating (default false).' },
    },
  },
  describe(spec) {
    const which = spec.target === undefined ? "the run's pods" : resolveTarget(spec.target).text;
    const count = spec.count === undefined || spec.count === 'all' ? `all ${which}` : `at least ${spec.count} of ${which}`;
    return `${count} that were on the lost node(s) ${spec.gone ? 'gone from the API' : 'evicted (marked for deletion)'}`;
  },
  validate: (spec) => (spec.target === undefined ? [] : targetProblems(spec.target)),
  check(view, spec, context) {
    const faulted = latestNodeFault(context.nodeFaults ?? []);
    if (faulted.length === 0) {
      return { holds: false, observed: 'no node fault came before this step', inapplicable: 'no node fault came before this step: evicted judges the pods of the node a nodeLoss or drainNode step acted on' };
    }
    const target = spec.target === undefined ? undefined : resolveTarget(spec.target);
    const candidates = podsOf(faulted)
      .map(({ uid, name }) => ({ name, record: view.pod(uid) }))
      .filter(({ record }) => target === undefined || (record !== undefined && isTargeted(record.pod, target)));
    const nodes = faulted.map((f) => f.node).join(', ');
    if (candidates.length === 0) {
      const observed = `no pod${target ? ` of ${target.text}` : ''} of the run was on ${nodes} when the fault acted`;
      // Not evidence that nothing is evicted: a `never` window must not pass on it.
      return { holds: false, observed, inapplicable: `${observed}, so there is nothing to judge: is the target right, and did the fault pick the node of its pods?` };
    }
    const states = candidates.map(({ name, record }) => {
      const gone = record?.deletedAt !== undefined;
      const marked = gone || record?.terminatingSeenAt !== undefined || record?.pod.metadata?.deletionTimestamp != null;
      return { name, done: spec.gone ? gone : marked, text: gone ? 'gone' : marked ? 'Terminating' : (record?.pod.status?.phase ?? 'not observed') };
    });
    const done = states.filter((s) => s.done).length;
    const wanted = spec.count === undefined || spec.count === 'all' ? states.length : spec.count;
    const observed = `${done} of ${states.length} pod(s) that were on ${nodes} ${spec.gone ? 'gone' : 'evicted'}: ${states.map((s) => `${s.name} (${s.text})`).join(', ')}`;
    if (wanted > states.length) return { holds: false, observed, impossible: `only ${states.length} pod(s) were on ${nodes}, fewer than the ${wanted} wanted` };
    return { holds: done >= wanted, observed };
  },
};

function podsOf(records: readonly NodeFaultRecord[]): Array<{ uid: string; name: string }> {
  return records.flatMap((record) => [...record.pods].map(([uid, name]) => ({ uid, name })));
}
