import type { ExpectationPlugin } from './expectation.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { containerStatusOf, describeContainerState, describeNoMatch, podLabel, targetPods } from '../observe/target-pods.js';

export interface WaitingSpec {
  target: TargetSpec;
  /** e.g. CrashLoopBackOff, ImagePullBackOff, ErrImageNeverPull, CreateContainerConfigError. */
  reason: string;
}

/** The container is waiting with the given reason (kubectl's STATUS column shows it). */
export const waiting: ExpectationPlugin<WaitingSpec, 'waiting'> = {
  kind: 'waiting',
  schema: {
    type: 'object',
    description: 'The container is in state waiting with this reason, e.g. CrashLoopBackOff.',
    required: ['target', 'reason'],
    properties: {
      target: TARGET_SCHEMA,
      reason: { type: 'string', minLength: 1, description: 'Waiting reason, e.g. CrashLoopBackOff, ImagePullBackOff.' },
    },
  },
  describe: (spec) => `${resolveTarget(spec.target).text} waiting with reason ${spec.reason}`,
  validate: (spec) => targetProblems(spec.target),
  check(view, spec) {
    const target = resolveTarget(spec.target);
    const pods = targetPods(view, target);
    if (pods.length === 0) return { holds: false, observed: describeNoMatch(view, target) };
    const states = pods.map(({ pod }) => {
      const status = containerStatusOf(pod, target.container);
      return { label: podLabel(pod, target.container), reason: status?.state?.waiting?.reason, text: describeContainerState(status) };
    });
    const matches = (s: { reason: string | undefined }): boolean => s.reason === spec.reason;
    const holds = (target.match ?? 'any') === 'any' ? states.some(matches) : states.every(matches);
    return { holds, observed: states.map((s) => `${s.label}: ${s.text}`).join('; ') };
  },
};
