import type { FaultPlugin } from './fault.js';
import { FaultNotEffectiveError } from './fault.js';
import { pickPods } from './pick-pods.js';
import { DURATION_SCHEMA, parseDuration } from '../model/duration.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';

export interface DeletePodSpec {
  target: TargetSpec;
  /** Overrides the pod's terminationGracePeriodSeconds, like `kubectl delete --grace-period`. */
  gracePeriod?: string;
}

/** How long the watch may take to show the deletion before the fault is judged not to have happened. */
const PROOF_TIMEOUT_MS = 30_000;

/** Deletes pods (kubectl delete pod), then proves it: the watch shows them Terminating or gone. */
export const deletePod: FaultPlugin<DeletePodSpec, 'deletePod'> = {
  kind: 'deletePod',
  schema: {
    type: 'object',
    description: 'Delete pods, optionally with a grace period (kubectl delete pod --grace-period).',
    required: ['target'],
    properties: {
      target: TARGET_SCHEMA,
      gracePeriod: { ...DURATION_SCHEMA, description: 'Grace period, rounded down to whole seconds; "0s" deletes at once.' },
    },
  },
  describe: (spec) => `delete ${resolveTarget(spec.target).text}${spec.gracePeriod ? ` with grace period ${spec.gracePeriod}` : ''}`,
  validate: (spec) => targetProblems(spec.target),
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    const gracePeriodSeconds = spec.gracePeriod === undefined ? undefined : Math.floor(parseDuration(spec.gracePeriod)! / 1000);
    for (const picked of pods) {
      await context.cluster.deletePod({
        namespace: context.namespace, pod: picked.name, signal: context.signal,
        ...(gracePeriodSeconds !== undefined && { gracePeriodSeconds }),
      });
    }
    const uids = new Set(pods.map((p) => p.pod.metadata?.uid));
    const seen = await context.waitFor(
      (view) => view.allPods.filter((r) => uids.has(r.pod.metadata?.uid)).every((r) => r.terminatingSeenAt !== undefined || r.deletedAt !== undefined),
      PROOF_TIMEOUT_MS,
    );
    if (!seen) {
      throw new FaultNotEffectiveError(`the API server accepted the deletion of ${pods.map((p) => p.name).join(', ')}, but no watch event showed them Terminating or gone within ${PROOF_TIMEOUT_MS / 1000}s`);
    }
    const grace = gracePeriodSeconds === undefined ? '' : ` with grace period ${gracePeriodSeconds}s`;
    return { summary: `deleted ${pods.map((p) => p.name).join(', ')}${grace} (seen Terminating)`, pods: pods.map((p) => p.name) };
  },
};
