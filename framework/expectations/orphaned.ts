import type { ExpectationPlugin } from './expectation.js';
import { checkTargetPods } from './pod-verdicts.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { controllerOf, describeController } from '../observe/owners.js';

export interface OrphanedSpec {
  target: TargetSpec;
}

/**
 * A target pod has no controller ownerReference: after a relabel takes it out of its controller's
 * selector, the controller releases it (removes the reference) and it keeps running unmanaged (C2).
 * Met when any target pod is unowned (every one with `target.match: all`); observed names each pod's
 * controller, or the one that released it while Faultline watched.
 */
export const orphaned: ExpectationPlugin<OrphanedSpec, 'orphaned'> = {
  kind: 'orphaned',
  schema: {
    type: 'object',
    description: 'A target pod has no controller ownerReference: its controller released it (e.g. after a relabel) and it runs unmanaged.',
    required: ['target'],
    properties: { target: TARGET_SCHEMA },
  },
  describe: (spec) => `${resolveTarget(spec.target).text} without a controller`,
  validate: (spec) => targetProblems(spec.target),
  check(view, spec) {
    return checkTargetPods(view, resolveTarget(spec.target), 'any', ({ pod, released }) => {
      const controller = controllerOf(pod);
      if (controller !== undefined) return { matches: false, text: `controlled by ${describeController(controller)}` };
      const owners = (pod.metadata?.ownerReferences ?? []).map((o) => `${o.kind} ${o.name}`);
      const history = released === undefined ? 'no controller seen' : `released by ${describeController(released.controller)}`;
      return { matches: true, text: `no controller (${history}${owners.length > 0 ? `; other owners: ${owners.join(', ')}` : ''})` };
    });
  },
};
