import type { Check } from './expectation.js';
import type { Quantifier, Target } from '../model/target.js';
import type { ClusterView, PodRecord } from '../observe/cluster-view.js';
import { describeNoMatch, podLabel, targetPods } from '../observe/target-pods.js';

/** What one pod shows, for a per-pod predicate: whether it matches, and the words for `observed`. */
export interface PodVerdict {
  readonly matches: boolean;
  /** `Init:1/2`, `PodScheduled=False (Unschedulable)`: what was seen, without the pod's name. */
  readonly text: string;
}

/**
 * Judges a per-pod predicate over the target pods present: met when any of them matches, or all
 * (the target's `match`, else `quantifier`). No target pod at all is never met, and says which pods exist.
 *
 * @example checkTargetPods(view, target, 'any', ({ pod }) => ({ matches: pod.status?.phase === 'Failed', text: pod.status?.phase ?? '?' }))
 * // { holds: true, observed: 'web-0: Failed; web-1: Running' }
 */
export function checkTargetPods(view: ClusterView, target: Target, quantifier: Quantifier, verdict: (record: PodRecord) => PodVerdict): Check {
  const pods = targetPods(view, target);
  if (pods.length === 0) return { holds: false, observed: describeNoMatch(view, target) };
  const seen = pods.map((record) => ({ label: podLabel(record.pod, target.container), ...verdict(record) }));
  const holds = (target.match ?? quantifier) === 'any' ? seen.some((s) => s.matches) : seen.every((s) => s.matches);
  return { holds, observed: seen.map((s) => `${s.label}: ${s.text}`).join('; ') };
}

/**
 * A problem when `value` is a known name written in the wrong case (`crashloopbackoff`): Kubernetes
 * compares these exactly, so the expectation could never be met.
 */
export function caseProblem(path: string, value: string, known: readonly string[]): Array<{ path: string; message: string }> {
  const meant = known.find((name) => name !== value && name.toLowerCase() === value.toLowerCase());
  return meant === undefined ? [] : [{ path, message: `"${value}" is written "${meant}" (Kubernetes compares it exactly)` }];
}
