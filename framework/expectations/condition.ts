import type { ExpectationPlugin } from './expectation.js';
import { caseProblem, checkTargetPods } from './pod-verdicts.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';

/** The pod condition types Kubernetes sets (kubectl describe's Conditions). */
export const POD_CONDITION_TYPES = ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready', 'PodReadyToStartContainers', 'DisruptionTarget'] as const;

export interface ConditionSpec {
  target: TargetSpec;
  /** e.g. PodScheduled, Initialized, ContainersReady, Ready. */
  type: string;
  status: 'True' | 'False' | 'Unknown';
  /** e.g. Unschedulable (PodScheduled), ContainersNotReady (Ready), PodCompleted. */
  reason?: string;
}

/**
 * A pod condition, as kubectl describe lists them: `PodScheduled False Unschedulable` for a pod no
 * node can take (R9). Met when any target pod has it (every one with `target.match: all`). A pod
 * without the condition at all does not match, whatever the status asked for.
 */
export const condition: ExpectationPlugin<ConditionSpec, 'condition'> = {
  kind: 'condition',
  schema: {
    type: 'object',
    description: 'A pod condition (kubectl describe: Conditions), e.g. PodScheduled False with reason Unschedulable.',
    required: ['target', 'type', 'status'],
    properties: {
      target: TARGET_SCHEMA,
      type: { type: 'string', minLength: 1, description: 'Condition type: PodScheduled, Initialized, ContainersReady or Ready.' },
      status: { enum: ['True', 'False', 'Unknown'], description: 'The condition\'s status, a string: "True", "False" or "Unknown".' },
      reason: { type: 'string', minLength: 1, description: 'The condition\'s reason, e.g. Unschedulable, ContainersNotReady, PodCompleted.' },
    },
  },
  describe(spec) {
    return `${resolveTarget(spec.target).text} condition ${spec.type}=${spec.status}${spec.reason ? ` reason ${spec.reason}` : ''}`;
  },
  validate: (spec) => [...targetProblems(spec.target), ...caseProblem('type', spec.type, POD_CONDITION_TYPES)],
  check(view, spec) {
    return checkTargetPods(view, resolveTarget(spec.target), 'any', ({ pod }) => {
      const found = pod.status?.conditions?.find((c) => c.type === spec.type);
      if (found === undefined) {
        const present = (pod.status?.conditions ?? []).map((c) => c.type).join(', ') || 'none';
        return { matches: false, text: `no ${spec.type} condition (conditions: ${present})` };
      }
      const detail = [found.reason, found.message].filter(Boolean).join(': ');
      return {
        matches: found.status === spec.status && (spec.reason === undefined || found.reason === spec.reason),
        text: `${spec.type}=${found.status}${detail ? ` (${detail})` : ''}`,
      };
    });
  },
};
