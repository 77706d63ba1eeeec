import type { ExpectationPlugin } from './expectation.js';
import { describeNodeReference, NODE_REFERENCE_SCHEMA, nodeReferenceProblems, referencedNodes, type NodeReferenceSpec } from '../nodes/node-reference.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export interface NodeTaintSpec {
  node?: NodeReferenceSpec;
  /** e.g. node.kubernetes.io/unreachable */
  key: string;
  effect?: (typeof TAINT_EFFECTS)[number];
  /** true (default): the taint is on every referenced node; false: on none of them. */
  present?: boolean;
}

/**
 * A taint on the node: the node lifecycle controller taints a lost node
 * `node.kubernetes.io/unreachable:NoSchedule` at once and `:NoExecute` a few seconds later (pods
 * without a long enough toleration are then evicted), and removes both when the node is back.
 */
export const nodeTaint: ExpectationPlugin<NodeTaintSpec, 'nodeTaint'> = {
  kind: 'nodeTaint',
  schema: {
    type: 'object',
    description: 'A taint on the node(s), e.g. node.kubernetes.io/unreachable:NoExecute on a lost node.',
    required: ['key'],
    properties: {
      node: NODE_REFERENCE_SCHEMA,
      key: { type: 'string', minLength: 1, description: 'Taint key, e.g. node.kubernetes.io/unreachable.' },
      effect: { enum: [...TAINT_EFFECTS], description: 'Only a taint with this effect counts. Default: any effect.' },
      present: { type: 'boolean', description: 'true (default): every node has it; false: no node has it.' },
    },
  },
  describe: (spec) => `${describeNodeReference(spec.node)} ${spec.present === false ? 'without' : 'tainted'} ${spec.key}${spec.effect ? `:${spec.effect}` : ''}`,
  validate: (spec) => nodeReferenceProblems(spec.node),
  check(view, spec, context) {
    const referenced = referencedNodes(view, spec.node, context);
    if ('impossible' in referenced) return { holds: false, observed: 'no node to judge', inapplicable: referenced.impossible };
    if (referenced.nodes.length === 0) return { holds: false, observed: `no observed node matches ${describeNodeReference(spec.node)}` };
    const present = spec.present ?? true;
    const seen = referenced.nodes.map(({ name, node }) => {
      const taints = node?.spec?.taints ?? [];
      const has = taints.some((t) => t.key === spec.key && (spec.effect === undefined || t.effect === spec.effect));
      const text = node === undefined ? `${name}: not observed`
        : `${name}: ${taints.length === 0 ? 'no taints' : `taints ${taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')}`}`;
      return { holds: node !== undefined && has === present, text };
    });
    return { holds: seen.every((s) => s.holds), observed: seen.map((s) => s.text).join('; ') };
  },
};
