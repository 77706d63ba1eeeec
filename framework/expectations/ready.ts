import type { ExpectationPlugin } from './expectation.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { describeNoMatch, isPodReady, podName, targetPods } from '../observe/target-pods.js';

export interface ReadySpec {
  target: TargetSpec;
  /** true (default): Ready; false: not Ready. */
  status?: boolean;
  /** With status true: at least this many target pods Ready (default: every target pod, at least one). */
  count?: number;
}

/**
 * The pods' Ready condition (kubectl's READY column). status true needs every target pod Ready
 * (or `count` of them); status false is met when any target pod is not Ready (override with target.match).
 */
export const ready: ExpectationPlugin<ReadySpec, 'ready'> = {
  kind: 'ready',
  schema: {
    type: 'object',
    description: "The pods' Ready condition, as kubectl's READY column shows it.",
    required: ['target'],
    properties: {
      target: TARGET_SCHEMA,
      status: { type: 'boolean', description: 'true (default): Ready; false: not Ready.' },
      count: { type: 'integer', minimum: 1, description: 'At least this many target pods Ready.' },
    },
  },
  describe(spec) {
    const target = resolveTarget(spec.target);
    if (spec.status === false) return `${target.text} not Ready`;
    return spec.count !== undefined ? `at least ${spec.count} of ${target.text} Ready` : `${target.text} Ready`;
  },
  validate(spec) {
    const problems = targetProblems(spec.target);
    if (spec.count !== undefined && spec.status === false) problems.push({ path: 'count', message: 'count applies only to status: true' });
    return problems;
  },
  check(view, spec) {
    const target = resolveTarget(spec.target);
    const targeted = targetPods(view, target);
    if (targeted.length === 0) return { holds: false, observed: describeNoMatch(view, target) };
    // A Terminating pod is on its way out: it cannot count as Ready, even if its condition still says so.
    const pods = spec.status === false ? targeted : targeted.filter(({ pod }) => pod.metadata?.deletionTimestamp === undefined);
    if (pods.length === 0) {
      return { holds: false, observed: `every pod of ${target.text} is Terminating (${targeted.map(({ pod }) => podName(pod)).join(', ')})` };
    }
    const readiness = pods.map(({ pod }) => ({ name: podName(pod), ready: isPodReady(pod) }));
    const observed = readiness.map((r) => `${r.name}: ${r.ready ? 'Ready' : 'not Ready'}`).join('; ');
    const wanted = spec.status ?? true;
    const matching = readiness.filter((r) => r.ready === wanted).length;
    if (wanted && spec.count !== undefined) return { holds: matching >= spec.count, observed };
    const quantifier = target.match ?? (wanted ? 'all' : 'any');
    return { holds: quantifier === 'all' ? matching === readiness.length : matching > 0, observed };
  },
};
