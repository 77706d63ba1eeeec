import type { Target } from '../model/target.js';
import { UNREACHABLE_TAINT } from './control-plane-constants.js';
import { targetOf, templatesTargeted, type PodTemplate } from './pod-templates.js';
import { describeToleration, unreachableToleration } from './tolerations.js';

/** Which nodes a node fault acts on, as far as timing goes (framework/nodes/node-selection.ts). */
export type NodeScope =
  | { readonly kind: 'hosting'; readonly target: Target }
  | { readonly kind: 'all' }
  | { readonly kind: 'selector'; readonly selector: string }
  | { readonly kind: 'name'; readonly name: string };

/** A nodeLoss or drainNode step. */
export interface NodeFault {
  readonly kind: 'nodeLoss' | 'drainNode';
  readonly scope: NodeScope;
  readonly step: number;
}

/**
 * What happened to the node(s) of the latest node fault, the cause of the node expectations after it:
 * - `lost`: a nodeLoss; times count from the loss;
 * - `drained`: a drainNode, whose step ends once the node is cordoned and the run's pods on it are evicted;
 * - `back`: a revert of a nodeLoss, whose step ends once the node is Ready again;
 * - `uncordoned`: a revert of a drainNode, whose step ends once the node is schedulable again.
 * After `drained`, `back` and `uncordoned`, times count from the end of that step: how long a drain waits
 * for disruption budgets, or a node takes to come back, is not timed.
 */
export interface NodeChange {
  readonly kind: 'lost' | 'drained' | 'back' | 'uncordoned';
  readonly fault: NodeFault;
}

const NODE_FAULT_KINDS: ReadonlySet<string> = new Set(['nodeLoss', 'drainNode']);

/** The node fault a step injects, or undefined for other faults (and node specs Faultline cannot read). */
export function nodeFaultOf(fault: { readonly kind: string; readonly spec: unknown }, step: number): NodeFault | undefined {
  if (!NODE_FAULT_KINDS.has(fault.kind)) return undefined;
  const node = (fault.spec as { node?: unknown } | null)?.node;
  const scope = scopeOf(node);
  return scope && { kind: fault.kind as NodeFault['kind'], scope, step };
}

/** Whether a fault kind acts on nodes (and so is timed by the control plane's rules, not the kubelet's). */
export function isNodeFaultKind(kind: string): boolean {
  return NODE_FAULT_KINDS.has(kind) || kind === 'revert';
}

/**
 * Whether a template's pods run on the node(s) of a node fault:
 * - `every`: all its pods (every node is lost or drained);
 * - `some`: at least one (the pod the fault's `hosting` target named; other replicas may run elsewhere);
 * - `unknown`: the scheduler decides (another template, or nodes named by label or name).
 */
export function podsOnNodes(fault: NodeFault, template: PodTemplate, templates: readonly PodTemplate[]): 'every' | 'some' | 'unknown' {
  const { scope } = fault;
  if (scope.kind === 'all') return 'every';
  if (scope.kind !== 'hosting') return 'unknown';
  const hosted = templatesTargeted(scope.target, templates);
  // The node of the first Running target pod: of which template, when several match, is not known.
  if (hosted.length !== 1 || hosted[0] !== template) return 'unknown';
  return template.replicas === 1 ? 'every' : 'some';
}

/** `the node hosting app=web`, `every node`. */
function describeScope(scope: NodeScope): string {
  switch (scope.kind) {
    case 'hosting': return `the node hosting ${scope.target.text}`;
    case 'all': return 'every node';
    case 'selector': return `nodes ${scope.selector}`;
    case 'name': return `node ${scope.name}`;
  }
}

/** What a node fault step does to the manifests' pods, in words, for plans. */
export function nodeFaultNotes(change: NodeChange | undefined, templates: readonly PodTemplate[]): string[] {
  if (change === undefined) return ['names no earlier nodeLoss or drainNode step: not timed'];
  const { fault } = change;
  const where = describeScope(fault.scope);
  const reached = templates.flatMap((template) => {
    const on = podsOnNodes(fault, template, templates);
    if (on === 'unknown') return [];
    const pods = on === 'every' ? 'all its pods' : `some of its ${template.replicas} replicas`;
    return [{ template, pods }];
  });
  const who = reached.length === 0 ? 'which pods of the manifests run there is up to the scheduler'
    : reached.map(({ template, pods }) => `${template.owner}: ${pods}`).join('; ');
  switch (change.kind) {
    case 'lost': {
      const notes = [`loses ${where} (${who})`];
      if (fault.scope.kind === 'all') {
        notes.push('with no node left Ready the node lifecycle controller enters full disruption mode: the nodes turn Unknown, but nothing is evicted');
        return notes;
      }
      notes.push(`the control plane turns it Ready=Unknown (tainted ${UNREACHABLE_TAINT}) 30–45s later, then evicts each pod once its toleration runs out`);
      for (const { template } of reached) notes.push(`${template.owner}: ${describeToleration(unreachableToleration(template))}`);
      return notes;
    }
    case 'drained':
      return [`cordons ${where} and evicts the run's pods on it through the Eviction API, at once unless a PodDisruptionBudget makes it wait (${who})`];
    case 'back':
      return [`brings back the node(s) lost in step ${fault.step}: the step ends once they are Ready, after a time that depends on the node driver (not timed)`];
    case 'uncordoned':
      return [`uncordons the node(s) drained in step ${fault.step}: the step ends once they are schedulable`];
  }
}

function scopeOf(node: unknown): NodeScope | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const spec = node as Record<string, unknown>;
  if ('hosting' in spec) {
    const target = targetOf(spec.hosting);
    return target && { kind: 'hosting', target };
  }
  if (spec.all === true) return { kind: 'all' };
  if (typeof spec.selector === 'string') return { kind: 'selector', selector: spec.selector };
  if (typeof spec.name === 'string') return { kind: 'name', name: spec.name };
  return undefined;
}
