import type { SchemaObject } from 'ajv';
import type { V1Node } from '@kubernetes/client-node';
import { matchesSelector, parseLabelSelector } from '../model/label-selector.js';
import { targetProblems } from '../model/target.js';
import type { ClusterView } from '../observe/cluster-view.js';
import type { CheckContext } from '../expectations/expectation.js';
import { latestNodeFault } from './node-fault-record.js';
import { nameOf } from './node-selection.js';

/**
 * The node(s) a node expectation judges: by name or label selector, or, when absent, the nodes the
 * latest node fault acted on (so a scenario never has to know the name of the node it lost).
 */
export type NodeReferenceSpec = { name: string } | { selector: string };

export const NODE_REFERENCE_SCHEMA: SchemaObject = {
  description: 'The node(s) to judge: by name or label selector. Default: the node(s) the latest node fault acted on.',
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, description: 'A node name.' },
    selector: { type: 'string', minLength: 1, description: 'Every node whose labels match.' },
  },
};

export function describeNodeReference(spec: NodeReferenceSpec | undefined): string {
  if (spec === undefined) return 'the lost node(s)';
  return 'name' in spec ? `node ${spec.name}` : `nodes ${spec.selector}`;
}

export function nodeReferenceProblems(spec: NodeReferenceSpec | undefined, path = 'node'): Array<{ path: string; message: string }> {
  return spec === undefined || !('selector' in spec) ? [] : targetProblems({ selector: spec.selector }, path);
}

export type ReferencedNodes =
  | { readonly nodes: ReadonlyArray<{ readonly name: string; readonly node: V1Node | undefined }> }
  /** Nothing can be judged, ever: the reason, for an `impossible` check. */
  | { readonly impossible: string };

/** The nodes referred to, as observed in `view` (a named node not observed yet comes with `node: undefined`). */
export function referencedNodes(view: ClusterView, spec: NodeReferenceSpec | undefined, context: CheckContext): ReferencedNodes {
  if (spec === undefined) {
    const faulted = latestNodeFault(context.nodeFaults ?? []);
    if (faulted.length === 0) return { impossible: 'no node fault came before this step, so there is no lost node to judge: name the node (node: { name: ... })' };
    return { nodes: faulted.map((record) => ({ name: record.node, node: view.node(record.node) })) };
  }
  if ('name' in spec) return { nodes: [{ name: spec.name, node: view.node(spec.name) }] };
  const selector = parseLabelSelector(spec.selector);
  return { nodes: view.nodes.filter((n) => matchesSelector(selector, n.metadata?.labels)).map((node) => ({ name: nameOf(node), node })) };
}
