import type { V1ContainerStateTerminated } from '@kubernetes/client-node';
import type { ExpectationPlugin } from './expectation.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { containerStatusOf, describeContainerState, describeNoMatch, podLabel, targetPods } from '../observe/target-pods.js';

export interface TerminatedSpec {
  target: TargetSpec;
  /** e.g. Completed, Error, OOMKilled. */
  reason?: string;
  /** e.g. 137 (SIGKILL), 143 (SIGTERM), 0. */
  exitCode?: number;
  /** Where to look: the current state, the last state (previous run), or either (default). */
  state?: 'current' | 'last' | 'either';
}

/** The container terminated (now, or in its previous run: kubectl describe's "Last State"). */
export const terminated: ExpectationPlugin<TerminatedSpec, 'terminated'> = {
  kind: 'terminated',
  schema: {
    type: 'object',
    description: 'The container terminated with this reason and/or exit code, now or in its last state.',
    required: ['target'],
    anyOf: [{ required: ['reason'] }, { required: ['exitCode'] }],
    properties: {
      target: TARGET_SCHEMA,
      reason: { type: 'string', minLength: 1, description: 'Terminated reason, e.g. Completed, Error, OOMKilled.' },
      exitCode: { type: 'integer', minimum: 0, maximum: 255, description: 'Exit code: 128 + signal, e.g. 137 SIGKILL, 143 SIGTERM.' },
      state: { enum: ['current', 'last', 'either'], description: 'Look at state, lastState, or either (default).' },
    },
  },
  describe(spec) {
    const what = [spec.reason && `reason ${spec.reason}`, spec.exitCode !== undefined && `exit code ${spec.exitCode}`].filter(Boolean).join(', ');
    const where = { current: 'now', last: 'in its last state', either: 'now or in its last state' }[spec.state ?? 'either'];
    return `${resolveTarget(spec.target).text} terminated with ${what} ${where}`;
  },
  validate: (spec) => targetProblems(spec.target),
  check(view, spec) {
    const target = resolveTarget(spec.target);
    const pods = targetPods(view, target);
    if (pods.length === 0) return { holds: false, observed: describeNoMatch(view, target) };
    const where = spec.state ?? 'either';
    const seen = pods.map(({ pod }) => {
      const status = containerStatusOf(pod, target.container);
      const candidates = [
        ...(where !== 'last' ? [status?.state?.terminated] : []),
        ...(where !== 'current' ? [status?.lastState?.terminated] : []),
      ].filter((t): t is V1ContainerStateTerminated => t !== undefined);
      const match = candidates.some((t) => (spec.reason === undefined || t.reason === spec.reason)
        && (spec.exitCode === undefined || t.exitCode === spec.exitCode));
      const last = status?.lastState?.terminated ? describeContainerState({ ...status, state: status.lastState }) : 'none';
      const text = `state ${describeContainerState(status)}, last state ${last}`;
      return { match, text: `${podLabel(pod, target.container)}: ${text}` };
    });
    const holds = (target.match ?? 'any') === 'any' ? seen.some((s) => s.match) : seen.every((s) => s.match);
    return { holds, observed: seen.map((s) => s.text).join('; ') };
  },
};
