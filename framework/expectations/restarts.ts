import type { ExpectationPlugin } from './expectation.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { containerStatusOf, describeNoMatch, podLabel, targetPods } from '../observe/target-pods.js';

export interface RestartsSpec {
  target: TargetSpec;
  atLeast?: number;
  exactly?: number;
  atMost?: number;
}

/**
 * The container's restartCount (kubectl's RESTARTS). `atLeast` is met when any target pod
 * reaches it; `exactly` and `atMost` must hold for every target pod (override with target.match).
 */
export const restarts: ExpectationPlugin<RestartsSpec, 'restarts'> = {
  kind: 'restarts',
  schema: {
    type: 'object',
    description: "The container's restart count, as kubectl's RESTARTS column shows it.",
    required: ['target'],
    minProperties: 2,
    properties: {
      target: TARGET_SCHEMA,
      atLeast: { type: 'integer', minimum: 0, description: 'Met when the restart count reaches this number.' },
      exactly: { type: 'integer', minimum: 0, description: 'Met while the restart count equals this number.' },
      atMost: { type: 'integer', minimum: 0, description: 'Met while the restart count does not exceed this number.' },
    },
    oneOf: [{ required: ['atLeast'] }, { required: ['exactly'] }, { required: ['atMost'] }],
  },
  describe(spec) {
    return `restartCount of ${resolveTarget(spec.target).text} ${comparison(spec)}`;
  },
  validate: (spec) => targetProblems(spec.target),
  check(view, spec) {
    const target = resolveTarget(spec.target);
    const pods = targetPods(view, target);
    if (pods.length === 0) return { holds: false, observed: describeNoMatch(view, target) };
    const counts = pods.map(({ pod }) => ({
      label: podLabel(pod, target.container),
      count: containerStatusOf(pod, target.container)?.restartCount,
    }));
    const satisfied = (count: number | undefined): boolean => count !== undefined && compare(spec, count);
    const quantifier = target.match ?? (spec.atLeast !== undefined ? 'any' : 'all');
    const holds = quantifier === 'any' ? counts.some((c) => satisfied(c.count)) : counts.every((c) => satisfied(c.count));
    return {
      holds,
      observed: counts.map((c) => `${c.label}: restartCount ${c.count ?? 'unknown (no container status yet)'}`).join('; '),
    };
  },
};

function compare(spec: RestartsSpec, count: number): boolean {
  if (spec.atLeast !== undefined) return count >= spec.atLeast;
  if (spec.exactly !== undefined) return count === spec.exactly;
  return count <= (spec.atMost ?? Infinity);
}

function comparison(spec: RestartsSpec): string {
  if (spec.atLeast !== undefined) return `>= ${spec.atLeast}`;
  if (spec.exactly !== undefined) return `== ${spec.exactly}`;
  return `<= ${spec.atMost}`;
}
