import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';

/** Who manages an object: its ownerReference with `controller: true`. */
export interface ControllerRef {
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}

/**
 * The object's controller (the ReplicaSet, StatefulSet or ReplicationController that manages a pod),
 * or undefined for a bare pod, or one its controller released after a relabel.
 *
 * @example controllerOf(pod) // { kind: 'ReplicaSet', name: 'web-5d4', uid: '...' }
 */
export function controllerOf(object: KubernetesObject): ControllerRef | undefined {
  const ref = object.metadata?.ownerReferences?.find((owner: V1OwnerReference) => owner.controller === true);
  return ref === undefined ? undefined : { kind: ref.kind, name: ref.name, uid: ref.uid };
}

/** `ReplicaSet web-5d4`. */
export function describeController(ref: ControllerRef): string {
  return `${ref.kind} ${ref.name}`;
}
