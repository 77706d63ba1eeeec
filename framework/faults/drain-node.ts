import type { V1Pod } from '@kubernetes/client-node';
import { FaultNotEffectiveError, type FaultContext, type FaultPlugin } from './fault.js';
import { chosenNodes } from './node-loss.js';
import { DURATION_SCHEMA, parseDuration } from '../model/duration.js';
import { describeNodeSelection, nameOf, NODE_SELECTION_SCHEMA, nodeSelectionProblems, type NodeSelectionSpec } from '../nodes/node-selection.js';

export interface DrainNodeSpec {
  node: NodeSelectionSpec;
  /** all (default): every pod on the node, as `kubectl drain`; namespace: only the run's own pods. */
  pods?: 'all' | 'namespace';
  /** How long to keep asking while a PodDisruptionBudget refuses an eviction. Default 60s. */
  evictionTimeout?: string;
}

const DEFAULT_EVICTION_TIMEOUT_MS = 60_000;
/** kubectl drain asks again every 5 s while a disruption budget refuses. */
const RETRY_EVICTION_MS = 5_000;
const PROOF_TIMEOUT_MS = 30_000;

/**
 * `kubectl drain`: cordon the node (unschedulable), then evict its pods through the Eviction API,
 * which respects PodDisruptionBudgets (a refused eviction is asked again every 5 s, until
 * evictionTimeout). DaemonSet pods and mirror pods are left, as kubectl does. Uncordoned at a
 * `revert` step or at cleanup, whatever happens.
 */
export const drainNode: FaultPlugin<DrainNodeSpec, 'drainNode'> = {
  kind: 'drainNode',
  reach: 'node',
  // Cordon, evictions refused for up to evictionTimeout (60 s by default), and the watch's proof.
  defaultTimeoutMs: 3 * 60_000,
  schema: {
    type: 'object',
    description: 'Drain a node as kubectl drain does: cordon it, evict its pods through the Eviction API (PodDisruptionBudgets respected); uncordoned on revert.',
    required: ['node'],
    properties: {
      node: NODE_SELECTION_SCHEMA,
      pods: { enum: ['all', 'namespace'], description: "all (default): every pod on the node, as kubectl drain; namespace: only the run's own pods." },
      evictionTimeout: { ...DURATION_SCHEMA, description: 'How long to keep asking while a PodDisruptionBudget refuses an eviction (default 60s).' },
    },
  },
  describe: (spec) => `drain ${describeNodeSelection(spec.node)}${spec.pods === 'namespace' ? " (the run's pods only)" : ''}`,
  validate: (spec) => nodeSelectionProblems(spec.node),
  async inject(context, spec) {
    const nodes = chosenNodes(context, spec.node);
    const timeoutMs = spec.evictionTimeout === undefined ? DEFAULT_EVICTION_TIMEOUT_MS : parseDuration(spec.evictionTimeout)!;
    const summaries: string[] = [];
    for (const node of nodes.map(nameOf)) summaries.push(await drain(context, node, spec.pods ?? 'all', timeoutMs));
    return { summary: summaries.join('; '), pods: [] };
  },
};

async function drain(context: FaultContext, node: string, scope: 'all' | 'namespace', timeoutMs: number): Promise<string> {
  const nodes = context.nodes!;
  await context.onRevert({
    description: `uncordon node ${node}`,
    manual: `kubectl uncordon ${node}`,
    node,
    pending: { node, action: 'uncordon' },
    async run(signal) {
      await nodes.setUnschedulable(node, false, signal);
      const seen = await context.waitFor((view) => { const seen = view.node(node); return seen !== undefined && seen.spec?.unschedulable !== true; }, PROOF_TIMEOUT_MS, signal);
      if (!seen) throw new Error(`the API server accepted uncordoning ${node}, but no watch event showed it schedulable within ${PROOF_TIMEOUT_MS / 1000}s`);
      return `uncordoned node ${node}`;
    },
  });
  context.markNode(node, `drainNode: cordon ${node} and evict its pods`);
  await nodes.setUnschedulable(node, true, context.signal);
  const cordoned = await context.waitFor((view) => view.node(node)?.spec?.unschedulable === true, PROOF_TIMEOUT_MS);
  if (!cordoned) throw new FaultNotEffectiveError(`the API server accepted cordoning ${node}, but no watch event showed it unschedulable within ${PROOF_TIMEOUT_MS / 1000}s`);

  const pods = (await nodes.podsOnNode(node, context.signal)).filter((pod) => isDrainable(pod) && (scope === 'all' || pod.metadata?.namespace === context.namespace));
  const deadline = now(context) + timeoutMs;
  for (const pod of pods) await evict(context, pod, deadline, timeoutMs);

  const ours = pods.filter((p) => p.metadata?.namespace === context.namespace).flatMap((p) => (p.metadata?.uid ? [p.metadata.uid] : []));
  const gone = await context.waitFor(
    (view) => ours.every((uid) => { const r = view.pod(uid); return r === undefined || r.terminatingSeenAt !== undefined || r.deletedAt !== undefined; }),
    PROOF_TIMEOUT_MS,
  );
  if (!gone) throw new FaultNotEffectiveError(`the evictions were accepted, but no watch event showed the run's pods on ${node} Terminating or gone within ${PROOF_TIMEOUT_MS / 1000}s`);
  const names = pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
  return `cordoned node ${node} and evicted ${pods.length} pod(s)${names.length > 0 ? `: ${names.join(', ')}` : ''}`;
}

async function evict(context: FaultContext, pod: V1Pod, deadline: number, timeoutMs: number): Promise<void> {
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  for (;;) {
    const result = await context.nodes!.evictPod(namespace, name, context.signal);
    if (result.evicted) return;
    if (now(context) + RETRY_EVICTION_MS > deadline) {
      throw new FaultNotEffectiveError(`evicting ${namespace}/${name} was still refused after ${timeoutMs / 1000}s: ${result.reason} (a PodDisruptionBudget allows no disruption now)`);
    }
    context.log(`eviction of ${namespace}/${name} refused (${result.reason}); asking again in ${RETRY_EVICTION_MS / 1000}s`);
    await context.delay(RETRY_EVICTION_MS);
  }
}

/** The run's clock (the one `context.delay` waits on), never Date.now(): a fake clock in tests must move the deadline too. */
function now(context: FaultContext): number {
  return context.timeline.point().at;
}

/** kubectl drain leaves DaemonSet pods (their controller ignores unschedulable) and mirror pods (static, kubelet-managed). */
function isDrainable(pod: V1Pod): boolean {
  if (pod.metadata?.deletionTimestamp != null) return false;
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return false;
  if (['Succeeded', 'Failed'].includes(pod.status?.phase ?? '')) return false;
  return !(pod.metadata?.ownerReferences ?? []).some((owner) => owner.controller && owner.kind === 'DaemonSet');
}
