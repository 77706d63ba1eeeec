import type { SchemaObject } from 'ajv';
import { ClusterRequestError } from '../cluster/api-errors.js';
import type { ObjectRef } from '../cluster/cluster-access.js';
import { closestName } from '../loading/closest-name.js';
import { FaultNotEffectiveError } from './fault.js';

/** An object of the run's namespace as a scenario names it: `{ kind: Deployment, name: web }`. */
export interface ObjectRefSpec {
  kind: string;
  name: string;
  /** Default: by kind, see DEFAULT_API_VERSIONS. */
  apiVersion?: string;
}

/** The apiVersion a kind has when the scenario gives none: the built-in workload kinds. */
export const DEFAULT_API_VERSIONS: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Service: 'v1',
  ConfigMap: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
};

const NAME = { type: 'string', minLength: 1, description: 'The object\'s metadata.name, in the run\'s namespace.' };

/** JSON Schema of an object reference; `kinds` restricts the kind (and leaves apiVersion to the default). */
export function objectRefSchema(kinds?: readonly string[]): SchemaObject {
  if (kinds !== undefined) {
    return {
      type: 'object',
      description: `The object: ${kinds.join(', ')}, by name.`,
      required: ['kind', 'name'],
      additionalProperties: false,
      properties: { kind: { enum: [...kinds], description: 'Its kind.' }, name: NAME },
    };
  }
  return {
    type: 'object',
    description: 'The object, by kind and name, in the run\'s namespace.',
    required: ['kind', 'name'],
    additionalProperties: false,
    properties: {
      kind: { type: 'string', minLength: 1, description: 'Its kind, e.g. Deployment.' },
      name: NAME,
      apiVersion: {
        type: 'string', minLength: 1,
        description: `Its apiVersion; may be left out for ${Object.keys(DEFAULT_API_VERSIONS).join(', ')}.`,
      },
    },
  };
}

/** A kind without a default apiVersion needs one (or is a misspelt built-in kind). */
export function objectRefProblems(spec: ObjectRefSpec, path = 'object'): Array<{ path: string; message: string }> {
  if (spec.apiVersion !== undefined || DEFAULT_API_VERSIONS[spec.kind] !== undefined) return [];
  const known = Object.keys(DEFAULT_API_VERSIONS);
  const suggestion = closestName(spec.kind, known);
  if (suggestion !== undefined) {
    return [{ path: `${path}/kind`, message: `unknown kind "${spec.kind}" without an apiVersion; did you mean "${suggestion}"?` }];
  }
  return [{
    path,
    message: `kind ${spec.kind} needs an apiVersion, as kubectl api-resources lists it (e.g. networking.k8s.io/v1); only ${known.join(', ')} have a default`,
  }];
}

export function resolveObjectRef(spec: ObjectRefSpec): ObjectRef {
  const apiVersion = spec.apiVersion ?? DEFAULT_API_VERSIONS[spec.kind];
  if (apiVersion === undefined) throw new Error(`object ${spec.kind} ${spec.name}: no apiVersion (validation should have caught this)`);
  return { apiVersion, kind: spec.kind, name: spec.name };
}

/** `Deployment web`, as kubectl names it in messages. */
export function describeRef(ref: ObjectRef | ObjectRefSpec): string {
  return `${ref.kind} ${ref.name}`;
}

/** The pods an object fault acted on, for its outcome: the object itself when it is a pod. */
export function podsOf(ref: ObjectRef): string[] {
  return ref.kind === 'Pod' ? [ref.name] : [];
}

/**
 * Runs a request about an object that must exist: a 404 fails the fault (the scenario names an
 * object that is not there), like a selector that matches no pod.
 */
export async function onExistingObject<T>(ref: ObjectRef, namespace: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof ClusterRequestError && error.status === 404) throw missing(ref, namespace);
    throw error;
  }
}

export function missing(ref: ObjectRef, namespace: string): FaultNotEffectiveError {
  return new FaultNotEffectiveError(`there is no ${describeRef(ref)} (${ref.apiVersion}) in namespace ${namespace}`);
}
