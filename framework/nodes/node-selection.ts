import type { SchemaObject } from 'ajv';
import type { V1Node } from '@kubernetes/client-node';
import { matchesSelector, parseLabelSelector, SelectorSyntaxError } from '../model/label-selector.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import type { ClusterView } from '../observe/cluster-view.js';
import { podName, targetPods } from '../observe/target-pods.js';

/**
 * Which node(s) a node fault acts on. A scenario names nodes by what they run or by their labels,
 * so that it works on any cluster; a name is accepted for experiments on one known machine.
 * - `hosting: app=web`: the node running the first (by name) Running target pod of the run;
 * - `selector: node-role=worker`: every node whose labels match;
 * - `all: true`: every node (a whole zone lost: the control plane then evicts nothing);
 * - `name: kind-worker2`.
 */
export type NodeSelectionSpec =
  | { hosting: TargetSpec }
  | { selector: string }
  | { all: true }
  | { name: string };

export const NODE_SELECTION_SCHEMA: SchemaObject = {
  description: 'The node(s) to act on: the node hosting a target pod, nodes by label selector, all nodes, or a node name.',
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    hosting: { ...TARGET_SCHEMA, description: 'The node running the first Running pod of this target (e.g. "app=web").' },
    selector: { type: 'string', minLength: 1, description: 'Every node whose labels match this selector.' },
    all: { const: true, description: 'Every node of the cluster.' },
    name: { type: 'string', minLength: 1, description: 'One node, by name.' },
  },
};

export function describeNodeSelection(spec: NodeSelectionSpec): string {
  if ('hosting' in spec) return `the node hosting ${resolveTarget(spec.hosting).text}`;
  if ('selector' in spec) return `nodes ${spec.selector}`;
  if ('all' in spec) return 'every node';
  return `node ${spec.name}`;
}

export function nodeSelectionProblems(spec: NodeSelectionSpec, path = 'node'): Array<{ path: string; message: string }> {
  if ('hosting' in spec) return targetProblems(spec.hosting, `${path}/hosting`);
  if ('selector' in spec) {
    try {
      parseLabelSelector(spec.selector);
    } catch (error) {
      if (error instanceof SelectorSyntaxError) return [{ path: `${path}/selector`, message: error.message }];
      throw error;
    }
  }
  return [];
}

/** The nodes selected, from the observed view; throws an Error that says why when there is none. */
export function selectNodes(view: ClusterView, spec: NodeSelectionSpec): V1Node[] {
  const nodes = [...view.nodes].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  if (nodes.length === 0) throw new Error('no node is observed: does RBAC allow listing and watching nodes? (see docs/rbac-node-faults.yaml)');
  const known = nodes.map(nameOf).join(', ');
  if ('name' in spec) {
    const node = nodes.find((n) => nameOf(n) === spec.name);
    if (!node) throw new Error(`there is no node ${spec.name} (nodes: ${known})`);
    return [node];
  }
  if ('all' in spec) return nodes;
  if ('selector' in spec) {
    const selector = parseLabelSelector(spec.selector);
    const matching = nodes.filter((n) => matchesSelector(selector, n.metadata?.labels));
    if (matching.length === 0) throw new Error(`no node has labels matching ${spec.selector} (nodes: ${known})`);
    return matching;
  }
  const target = resolveTarget(spec.hosting);
  const running = targetPods(view, target)
    .map((record) => record.pod)
    .filter((pod) => pod.metadata?.deletionTimestamp == null && pod.status?.phase === 'Running' && pod.spec?.nodeName)
    .sort((a, b) => podName(a).localeCompare(podName(b)));
  const first = running[0];
  if (!first) throw new Error(`no Running pod of ${target.text} is bound to a node yet`);
  const node = nodes.find((n) => nameOf(n) === first.spec!.nodeName);
  if (!node) throw new Error(`pod ${podName(first)} runs on node ${first.spec!.nodeName}, which is not observed (nodes: ${known})`);
  return [node];
}

export function nameOf(node: V1Node): string {
  return node.metadata?.name ?? '';
}

/** Whether the node runs the control plane (kind's control-plane container, a kubeadm master). */
export function isControlPlane(node: V1Node): boolean {
  const labels = node.metadata?.labels ?? {};
  return 'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels;
}
