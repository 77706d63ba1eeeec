import type { KubernetesObject } from '@kubernetes/client-node';
import { FaultNotEffectiveError, type FaultPlugin } from './fault.js';
import { describeRef, missing, objectRefSchema, onExistingObject, resolveObjectRef } from './object-ref.js';

export const SCALABLE_KINDS = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'] as const;

export interface ScaleSpec {
  object: { kind: (typeof SCALABLE_KINDS)[number]; name: string };
  replicas: number;
}

/**
 * Sets a controller's replica count, as `kubectl scale` does, with a merge patch of spec.replicas;
 * proves it by reading the object back. The pods that follow are for expectations to judge.
 */
export const scale: FaultPlugin<ScaleSpec, 'scale'> = {
  kind: 'scale',
  schema: {
    type: 'object',
    description: 'Set the replica count of a Deployment, ReplicaSet, ReplicationController or StatefulSet (kubectl scale).',
    required: ['object', 'replicas'],
    properties: {
      object: objectRefSchema(SCALABLE_KINDS),
      replicas: { type: 'integer', minimum: 0, description: 'The new spec.replicas; 0 stops every pod.' },
    },
  },
  describe: (spec) => `scale ${describeRef(spec.object)} to ${spec.replicas} replicas`,
  async inject(context, spec) {
    const ref = resolveObjectRef(spec.object);
    const before = await context.cluster.readObject(context.namespace, ref, context.signal);
    if (before === undefined) throw missing(ref, context.namespace);
    await onExistingObject(ref, context.namespace,
      () => context.cluster.patchObject(context.namespace, ref, { spec: { replicas: spec.replicas } }, 'merge', context.signal));
    const after = await context.cluster.readObject(context.namespace, ref, context.signal);
    if (after === undefined) throw new FaultNotEffectiveError(`${describeRef(ref)} was scaled, but it was gone when read back`);
    if (replicasOf(after) !== spec.replicas) {
      throw new FaultNotEffectiveError(
        `the API server accepted scaling ${describeRef(ref)} to ${spec.replicas}, but reading it back shows spec.replicas ${String(replicasOf(after) ?? 'unset')}`
        + ' (does a HorizontalPodAutoscaler or another controller manage it?)',
      );
    }
    const from = replicasOf(before);
    return {
      summary: `scaled ${describeRef(ref)} from ${String(from ?? 'unset')} to ${spec.replicas} replicas (read back: spec.replicas is ${spec.replicas})`,
      pods: [],
    };
  },
};

function replicasOf(object: KubernetesObject): number | undefined {
  const replicas = (object as { spec?: { replicas?: unknown } }).spec?.replicas;
  return typeof replicas === 'number' ? replicas : undefined;
}
