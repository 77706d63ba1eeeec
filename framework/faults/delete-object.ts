import { PROPAGATION_POLICIES, type PropagationPolicy } from '../cluster/cluster-access.js';
import { DURATION_SCHEMA, parseDuration } from '../model/duration.js';
import { FaultNotEffectiveError, type FaultPlugin } from './fault.js';
import {
  describeRef, missing, objectRefProblems, objectRefSchema, podsOf, resolveObjectRef, type ObjectRefSpec,
} from './object-ref.js';

export interface DeleteObjectSpec {
  object: ObjectRefSpec;
  /** Like `kubectl delete --grace-period`; meaningful for pods (and what a deletion takes down with it). */
  gracePeriod?: string;
  /** Like `kubectl delete --cascade`: background (the default), foreground, or orphan the objects it owns. */
  propagation?: PropagationPolicy;
}

/**
 * Deletes any object of the run's namespace (a Deployment, a Service, a ConfigMap...), as
 * `kubectl delete` does, then proves it by reading it back: gone, or being deleted (deletionTimestamp).
 */
export const deleteObject: FaultPlugin<DeleteObjectSpec, 'deleteObject'> = {
  kind: 'deleteObject',
  schema: {
    type: 'object',
    description: 'Delete an object of the run\'s namespace (kubectl delete KIND NAME), with an optional grace period and propagation policy.',
    required: ['object'],
    properties: {
      object: objectRefSchema(),
      gracePeriod: { ...DURATION_SCHEMA, description: 'Grace period, rounded down to whole seconds; "0s" deletes at once.' },
      propagation: { enum: [...PROPAGATION_POLICIES], description: 'What happens to the objects it owns: Background (default: deleted after it), Foreground (deleted before it), Orphan (left running).' },
    },
  },
  describe: (spec) => `delete ${describeRef(spec.object)}${options(spec)}`,
  validate: (spec) => objectRefProblems(spec.object),
  async inject(context, spec) {
    const ref = resolveObjectRef(spec.object);
    const before = await context.cluster.readObject(context.namespace, ref, context.signal);
    if (before === undefined) throw missing(ref, context.namespace);
    const gracePeriodSeconds = spec.gracePeriod === undefined ? undefined : Math.floor(parseDuration(spec.gracePeriod)! / 1000);
    await context.cluster.deleteObject(context.namespace, ref, {
      signal: context.signal,
      ...(gracePeriodSeconds !== undefined && { gracePeriodSeconds }),
      ...(spec.propagation !== undefined && { propagationPolicy: spec.propagation }),
    });
    const after = await context.cluster.readObject(context.namespace, ref, context.signal);
    let state: string;
    if (after === undefined) state = 'gone';
    // A controller may already have made a new object of the same name (a StatefulSet's pod): the old one is gone.
    else if (after.metadata?.uid !== before.metadata?.uid) state = 'gone, replaced by a new object of the same name';
    else if (after.metadata?.deletionTimestamp !== undefined) state = 'being deleted, deletionTimestamp set';
    else {
      throw new FaultNotEffectiveError(
        `the API server accepted the deletion of ${describeRef(ref)}, but reading it back shows it still there with no deletionTimestamp`,
      );
    }
    return { summary: `deleted ${describeRef(ref)}${options(spec)} (read back: ${state})`, pods: podsOf(ref) };
  },
};

function options(spec: DeleteObjectSpec): string {
  const parts = [
    ...(spec.gracePeriod !== undefined ? [`grace period ${spec.gracePeriod}`] : []),
    ...(spec.propagation !== undefined ? [`propagation ${spec.propagation}`] : []),
  ];
  return parts.length > 0 ? ` with ${parts.join(' and ')}` : '';
}
