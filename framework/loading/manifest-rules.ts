import type { KubernetesObject } from '@kubernetes/client-node';
import { CLUSTER_SCOPED_KINDS } from './cluster-scoped-kinds.js';
import { childPointer, dottedPath, valueAtPointer } from './json-pointer.js';
import type { ScenarioProblem } from './problems.js';
import { describeValue } from './schema-messages.js';
import type { YamlDocument } from './source-map.js';
import { isMapping } from '../model/is-mapping.js';

/** A manifest with what applying it needs. */
export type ApplicableObject = KubernetesObject & { apiVersion: string; kind: string; metadata: { name: string } };

export interface ManifestCheck {
  /** The object, when it can be applied (no problems). */
  readonly object?: ApplicableObject;
  /** `ConfigMap/web`, whenever kind and name are known, so duplicates are found even among invalid manifests. */
  readonly identity?: string;
  readonly problems: ScenarioProblem[];
}

/**
 * What a manifest must be to be applied into the run's namespace: an object with apiVersion,
 * kind and metadata.name; no metadata.namespace (the run chooses it); not cluster-scoped;
 * not a List. `pointer` locates the object in `document` ('' for a manifest file's document).
 */
export function checkManifest(document: YamlDocument, pointer: string): ManifestCheck {
  const problems: ScenarioProblem[] = [];
  const at = (where: string, code: 'missing-field' | 'wrong-type' | 'manifest', message: string): void => {
    problems.push(document.problem(code, where, dottedPath(where, document.value), message));
  };
  const object = valueAtPointer(document.value, pointer);
  if (!isMapping(object)) {
    at(pointer, 'wrong-type', `expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), got ${describeValue(object)}`);
    return { problems };
  }
  if (object.apiVersion === undefined && object.kind === undefined) {
    const keys = Object.keys(object);
    const found = keys.length === 0 ? 'an empty mapping' : `a mapping of ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
    at(pointer, 'manifest', `not a Kubernetes object: expected a mapping with apiVersion, kind and metadata.name, got ${found}`);
    return { problems };
  }
  if (typeof object.kind === 'string' && /List$/.test(object.kind) && Array.isArray(object.items)) {
    at(childPointer(pointer, 'kind'), 'manifest', `kind ${object.kind} is not supported; write each object as its own YAML document (separated by ---)`);
    return { problems };
  }
  const text = (field: string, example: string): string | undefined => {
    const value = object[field];
    if (value === undefined) at(pointer, 'missing-field', `missing required field "${field}"`);
    else if (typeof value !== 'string' || value === '') at(childPointer(pointer, field), 'wrong-type', `expected a string like ${example}, got ${describeValue(value)}`);
    else return value;
    return undefined;
  };
  const apiVersion = text('apiVersion', '"v1" or "apps/v1"');
  const kind = text('kind', '"Deployment"');
  const metadataPointer = childPointer(pointer, 'metadata');
  const metadata = object.metadata;
  let name: string | undefined;
  if (metadata === undefined) {
    at(pointer, 'missing-field', 'missing required field "metadata"');
  } else if (!isMapping(metadata)) {
    at(metadataPointer, 'wrong-type', `expected a mapping with name, got ${describeValue(metadata)}`);
  } else {
    if (typeof metadata.name === 'string' && metadata.name !== '') name = metadata.name;
    else if (metadata.name !== undefined) at(childPointer(metadataPointer, 'name'), 'wrong-type', `expected a non-empty string, got ${describeValue(metadata.name)}`);
    else if (metadata.generateName !== undefined) at(childPointer(metadataPointer, 'generateName'), 'manifest', 'metadata.generateName is not supported; set metadata.name (steps and reports refer to objects by name)');
    else at(metadataPointer, 'missing-field', 'missing required field "name"');
    if (metadata.namespace !== undefined) {
      at(childPointer(metadataPointer, 'namespace'), 'manifest', "manifests are applied into the run's own namespace; remove metadata.namespace");
    }
  }
  const kindPointer = childPointer(pointer, 'kind');
  if (kind !== undefined && CLUSTER_SCOPED_KINDS.has(kind)) {
    at(kindPointer, 'manifest', `${kind} is cluster-scoped; a scenario may only create namespaced objects, which are deleted with the run's namespace`);
  }
  const identity = kind !== undefined && name !== undefined ? { identity: `${kind}/${name}` } : {};
  if (problems.length > 0 || apiVersion === undefined || identity.identity === undefined) return { ...identity, problems };
  return { object: object as unknown as ApplicableObject, ...identity, problems };
}
