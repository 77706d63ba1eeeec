import type { ExpectationPlugin } from './expectation.js';
import { describeNodeReference, NODE_REFERENCE_SCHEMA, nodeReferenceProblems, referencedNodes, type NodeReferenceSpec } from '../nodes/node-reference.js';

export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

export interface NodeConditionSpec {
  node?: NodeReferenceSpec;
  /** The condition type; default Ready. */
  type?: string;
  /** The status wanted, or any of several: a lost node's Ready turns Unknown (no heartbeat) or False. */
  status: ConditionStatus | ConditionStatus[];
}

/**
 * A node condition (kubectl get nodes' STATUS): Ready=Unknown once the node controller has had no
 * heartbeat for the node-monitor grace period (40 s by default), Ready=True again once the kubelet is back.
 * Every referenced node must show it.
 */
export const nodeCondition: ExpectationPlugin<NodeConditionSpec, 'nodeCondition'> = {
  kind: 'nodeCondition',
  schema: {
    type: 'object',
    description: "A node's condition, e.g. Ready turning Unknown when the node is lost and True when it is back.",
    required: ['status'],
    properties: {
      node: NODE_REFERENCE_SCHEMA,
      type: { type: 'string', minLength: 1, description: 'Condition type: Ready (default), MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.' },
      status: {
        description: 'True, False or Unknown, or a list of them (any matches).',
        oneOf: [
          { enum: [...CONDITION_STATUSES] },
          { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...CONDITION_STATUSES] } },
        ],
      },
    },
  },
  describe: (spec) => `${describeNodeReference(spec.node)} ${spec.type ?? 'Ready'}=${statusesOf(spec).join(' or ')}`,
  validate: (spec) => nodeReferenceProblems(spec.node),
  check(view, spec, context) {
    const referenced = referencedNodes(view, spec.node, context);
    if ('impossible' in referenced) return { holds: false, observed: 'no node to judge', inapplicable: referenced.impossible };
    if (referenced.nodes.length === 0) return { holds: false, observed: `no observed node matches ${describeNodeReference(spec.node)}` };
    const type = spec.type ?? 'Ready';
    const wanted = new Set<string>(statusesOf(spec));
    const seen = referenced.nodes.map(({ name, node }) => {
      const condition = node?.status?.conditions?.find((c) => c.type === type);
      const text = node === undefined ? `${name}: not observed`
        : condition === undefined ? `${name}: no ${type} condition`
          : `${name}: ${type}=${condition.status}${condition.reason ? ` (${condition.reason}${condition.message ? `: ${condition.message}` : ''})` : ''}`;
      return { holds: condition !== undefined && wanted.has(condition.status), text };
    });
    return { holds: seen.every((s) => s.holds), observed: seen.map((s) => s.text).join('; ') };
  },
};

function statusesOf(spec: NodeConditionSpec): ConditionStatus[] {
  return Array.isArray(spec.status) ? spec.status : [spec.status];
}
