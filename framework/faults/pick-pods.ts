import type { V1Pod } from '@kubernetes/client-node';
import { FaultNotEffectiveError, type FaultContext } from './fault.js';
import { resolveTarget, type Target, type TargetSpec } from '../model/target.js';
import { describeNoMatch, podName, targetPods } from '../observe/target-pods.js';

export interface PickedPod {
  readonly pod: V1Pod;
  readonly name: string;
  /** The container to act on: the target's, or the pod's first. */
  readonly container: string;
}

/**
 * The pods a fault acts on, from the observed view (no extra API request): running pods that are
 * not being deleted, sorted by name; the first one, or all with `match: all`.
 * Throws FaultNotEffectiveError when nothing matches or the named container does not exist.
 */
export function pickPods(context: FaultContext, spec: TargetSpec): { target: Target; pods: PickedPod[] } {
  const target = resolveTarget(spec);
  const view = context.view();
  const candidates = targetPods(view, target)
    .map((record) => record.pod)
    .filter((pod) => pod.metadata?.deletionTimestamp === undefined && pod.status?.phase === 'Running');
  if (candidates.length === 0) {
    const present = targetPods(view, target);
    const why = present.length === 0
      ? describeNoMatch(view, target)
      : `pods of ${target.text} exist but none is Running and not Terminating (${present.map((r) => `${podName(r.pod)}: ${r.pod.status?.phase ?? 'no phase'}`).join(', ')})`;
    throw new FaultNotEffectiveError(why);
  }
  const chosen = target.match === 'all' ? candidates : candidates.slice(0, 1);
  return { target, pods: chosen.map((pod) => ({ pod, name: podName(pod), container: containerOf(pod, target) })) };
}

function containerOf(pod: V1Pod, target: Target): string {
  const names = pod.spec?.containers.map((c) => c.name) ?? [];
  if (target.container === undefined) return names[0] ?? '';
  if (!names.includes(target.container)) {
    throw new FaultNotEffectiveError(`pod ${podName(pod)} has no container "${target.container}" (containers: ${names.join(', ')})`);
  }
  return target.container;
}
