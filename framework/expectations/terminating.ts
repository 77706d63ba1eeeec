import type { ExpectationPlugin } from './expectation.js';
import { DURATION_SCHEMA, formatDuration, parseDuration } from '../model/duration.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import type { PodRecord } from '../observe/cluster-view.js';
import { podName, targeted } from '../observe/target-pods.js';

export interface TerminatingSpec {
  target: TargetSpec;
  /** [min, max]: how long the pod may stay Terminating, from its deletionTimestamp being seen to its removal. */
  between: [string, string];
}

/**
 * How long a deleted pod stays Terminating: from the first watch event carrying its
 * deletionTimestamp to its DELETED event, both on Faultline's clock. Judged per pod that started
 * terminating during the step's evidence window; met when every such pod's duration is in range.
 */
export const terminating: ExpectationPlugin<TerminatingSpec, 'terminating'> = {
  kind: 'terminating',
  measurement: true,
  schema: {
    type: 'object',
    description: 'How long a deleted pod stays Terminating (preStop + terminationGracePeriodSeconds + kubelet sync).',
    required: ['target', 'between'],
    properties: {
      target: TARGET_SCHEMA,
      between: {
        type: 'array', items: DURATION_SCHEMA, minItems: 2, maxItems: 2,
        description: 'The range [min, max] the Terminating time must fall in, e.g. ["20s", "40s"].',
      },
    },
  },
  describe(spec) {
    return `${resolveTarget(spec.target).text} Terminating for between ${spec.between[0]} and ${spec.between[1]}`;
  },
  validate(spec) {
    const problems = targetProblems(spec.target);
    const [min, max] = spec.between.map((d) => parseDuration(d));
    if (min !== undefined && max !== undefined && min > max) {
      problems.push({ path: 'between', message: `the range is empty: ${spec.between[0]} is more than ${spec.between[1]}` });
    }
    return problems;
  },
  defaultWindowMs: (spec) => (parseDuration(spec.between[1]) ?? 0) + 30_000,
  recheckAt(view, spec, context) {
    const max = parseDuration(spec.between[1])!;
    const open = terminatingPods(view.allPods, spec, context.since.position).filter((r) => r.deletedAt === undefined);
    const deadlines = open.map((r) => r.terminatingSeenAt! + max + 1);
    return deadlines.length > 0 ? Math.min(...deadlines) : undefined;
  },
  check(view, spec, context) {
    const [min, max] = spec.between.map((d) => parseDuration(d)!) as [number, number];
    const pods = terminatingPods(view.allPods, spec, context.since.position);
    if (pods.length === 0) {
      return { holds: false, observed: `no pod of ${resolveTarget(spec.target).text} has started terminating` };
    }
    const measured = pods.map((record) => {
      const done = record.deletedAt !== undefined;
      const elapsed = (record.deletedAt ?? view.at) - record.terminatingSeenAt!;
      return { name: podName(record.pod), done, elapsed };
    });
    const observed = measured
      .map((m) => `${m.name}: Terminating ${m.done ? `for ${formatDuration(m.elapsed)}, then removed` : `for ${formatDuration(m.elapsed)} so far`}`)
      .join('; ');
    const tooShort = measured.find((m) => m.done && m.elapsed < min);
    const tooLong = measured.find((m) => m.elapsed > max);
    const outOfRange = tooShort ?? tooLong;
    if (outOfRange) {
      const verdict = outOfRange === tooShort ? `was removed after ${formatDuration(outOfRange.elapsed)}, before ${spec.between[0]}` : `was still Terminating after ${spec.between[1]}`;
      return { holds: false, observed, impossible: `pod ${outOfRange.name} ${verdict}` };
    }
    return { holds: measured.every((m) => m.done), observed };
  },
};

function terminatingPods(pods: readonly PodRecord[], spec: TerminatingSpec, sincePosition: number): PodRecord[] {
  const target = resolveTarget(spec.target);
  return targeted(pods, target)
    .filter((record) => record.terminatingSeenPosition !== undefined && record.terminatingSeenPosition >= sincePosition);
}
