import type { ExpectationPlugin } from './expectation.js';
import { checkTargetPods } from './pod-verdicts.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';

export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
export type PodPhase = (typeof POD_PHASES)[number];

export interface PhaseSpec {
  target: TargetSpec;
  phase: PodPhase;
}

/**
 * The pod's `status.phase`. Met when any target pod is in it (every one with `target.match: all`).
 * The phase is not kubectl's STATUS column: a crash-looping pod is Running; see `podStatus` for STATUS.
 */
export const phase: ExpectationPlugin<PhaseSpec, 'phase'> = {
  kind: 'phase',
  schema: {
    type: 'object',
    description: "The pod's status.phase (not kubectl's STATUS column: a crash-looping pod is Running; see podStatus).",
    required: ['target', 'phase'],
    properties: {
      target: TARGET_SCHEMA,
      phase: { enum: [...POD_PHASES], description: 'Pending, Running, Succeeded (kubectl: Completed), Failed (kubectl: Error) or Unknown.' },
    },
  },
  describe: (spec) => `${resolveTarget(spec.target).text} in phase ${spec.phase}`,
  validate: (spec) => targetProblems(spec.target),
  check(view, spec) {
    return checkTargetPods(view, resolveTarget(spec.target), 'any', ({ pod }) => {
      const current = pod.status?.phase ?? 'no phase yet';
      const reason = pod.status?.reason ? ` (${pod.status.reason})` : '';
      return { matches: pod.status?.phase === spec.phase, text: `${current}${reason}` };
    });
  },
};
