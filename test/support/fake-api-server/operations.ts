/** The apiserver's REST semantics for one resource: list, get, create, update, patch, delete. */
import { randomBytes } from 'node:crypto';
import { load } from 'js-yaml';
import { parseJson } from './http-io.js';
import type { Lifecycle, DeleteOptions } from './lifecycle.js';
import { isRecord, jsonPatch, mergePatch, sameJson } from './patch.js';
import { apiVersionOf, type ResourceCatalog, type ResourceType } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import {
  badRequest, conflict, failure, invalid, namespaceNotFound, namespaceTerminating, StatusError,
} from './status.js';
import type { Store } from './store.js';
import type { KubeObject, ObjectMeta } from './types.js';

export interface Target {
  resource: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface Answer {
  code: number;
  body: unknown;
}

export type CreatedListener = (resource: ResourceType, object: KubeObject) => void;

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml', 'application/strategic-merge-patch+json'];

/** The apiserver's generateName suffix alphabet: no vowels, no confusable digits. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class Operations {
  constructor(
    private readonly store: Store,
    private readonly catalog: ResourceCatalog,
    private readonly lifecycle: Lifecycle,
    private readonly created: CreatedListener,
  ) {}

  /** An object as served through one resource's URL: that resource's apiVersion and kind. */
  present(resource: ResourceType, object: KubeObject): KubeObject {
    return { ...object, apiVersion: apiVersionOf(resource), kind: resource.kind };
  }

  list(target: Target, query: URLSearchParams): Answer {
    const { resource, namespace } = target;
    const byLabel = parseLabelSelector(query.get('labelSelector'));
    const byField = parseFieldSelector(query.get('fieldSelector'), resource);
    const named = target.name;
    let items = this.store.list(resource, namespace)
      .filter((o) => byLabel(o) && byField(o) && (named === undefined || o.metadata.name === named));
    const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) };
    const after = decodeContinue(query.get('continue'));
    if (after !== undefined) items = items.filter((o) => keyOf(o) > after);
    const limit = Number(query.get('limit') ?? 0);
    if (limit > 0 && items.length > limit) {
      metadata['remainingItemCount'] = items.length - limit;
      items = items.slice(0, limit);
      metadata['continue'] = Buffer.from(JSON.stringify({ rv: this.store.resourceVersion, after: keyOf(items[items.length - 1] as KubeObject) })).toString('base64url');
    }
    // List items carry no kind or apiVersion on the wire: only the list itself does.
    const bare = items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest);
    return { code: 200, body: { kind: `${resource.kind}List`, apiVersion: apiVersionOf(resource), metadata, items: bare } };
  }

  get(target: Target): Answer {
    return { code: 200, body: this.present(target.resource, this.store.mustGet(target.resource, target.namespace, target.name ?? '')) };
  }

  create(target: Target, body: unknown): Answer {
    const object = this.decode(target, body);
    const meta = object.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + generateSuffix();
    if (!meta.name) {
      throw invalid(target.resource.kind, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
    }
    return { code: 201, body: this.present(target.resource, this.insert(target.resource, object)) };
  }

  update(target: Target, body: unknown): Answer {
    const object = this.decode(target, body);
    this.checkName(target, object);
    const current = this.store.mustGet(target.resource, target.namespace, target.name ?? '');
    return this.commit(target, current, object);
  }

  patch(target: Target, text: string, contentType: string, query: URLSearchParams): Answer {
    const { resource, namespace } = target;
    const name = target.name ?? '';
    if (!PATCH_TYPES.includes(contentType)) {
      throw new StatusError(failure(415, `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`, 'UnsupportedMediaType'));
    }
    if (contentType === 'application/apply-patch+yaml') {
      const patch = parseYaml(text);
      if (!query.get('fieldManager')) {
        throw new StatusError(failure(422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', 'Invalid', {
          kind: 'PatchOptions.meta.k8s.io', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
        }));
      }
      const applied = this.decode(target, patch);
      this.checkName(target, applied);
      const existing = this.store.get(resource, namespace, name);
      if (!existing) return { code: 201, body: this.present(resource, this.insert(resource, applied)) };
      // Simplified apply: the applied configuration is merged over the live object; no field ownership.
      return this.commit(target, existing, mergePatch(existing, applied) as KubeObject);
    }
    const patch = parseJson(text);
    const current = this.store.mustGet(resource, namespace, name);
    if (contentType === 'application/json-patch+json') return this.commit(target, current, jsonPatch(current, patch) as KubeObject);
    if (!isRecord(patch)) throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
    // Strategic merge patch is treated as a JSON merge patch: lists are replaced, not merged by key.
    return this.commit(target, current, mergePatch(current, patch) as KubeObject);
  }

  delete(target: Target, query: URLSearchParams, body: unknown): Answer {
    const { resource, namespace } = target;
    const name = target.name ?? '';
    const options = deleteOptions(query, body);
    const current = this.store.mustGet(resource, namespace, name);
    const preconditions = isRecord(body) && isRecord(body['preconditions']) ? body['preconditions'] : {};
    if (preconditions['uid'] !== undefined && preconditions['uid'] !== current.metadata.uid) {
      throw new StatusError(failure(409, `Precondition failed: UID in precondition: ${String(preconditions['uid'])}, UID in object meta: ${current.metadata.uid ?? ''}`, 'Conflict'));
    }
    if (preconditions['resourceVersion'] !== undefined && preconditions['resourceVersion'] !== current.metadata.resourceVersion) {
      throw conflict(resource, name);
    }
    const outcome = this.lifecycle.delete(resource, namespace, name, options);
    if (!outcome.deleted || resource.returnsDeletedObject) return { code: 200, body: this.present(resource, outcome.object) };
    return {
      code: 200,
      body: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
        details: { name, ...(resource.group !== '' && { group: resource.group }), kind: resource.plural, uid: outcome.object.metadata.uid },
      },
    };
  }

  deleteCollection(target: Target, query: URLSearchParams, body: unknown): Answer {
    const listed = this.list(target, query).body as { items: Array<{ metadata: ObjectMeta }> };
    const options = deleteOptions(query, body);
    const items = listed.items.map((item) => this.lifecycle.delete(target.resource, item.metadata.namespace, item.metadata.name ?? '', options).object);
    return {
      code: 200,
      body: {
        kind: `${target.resource.kind}List`, apiVersion: apiVersionOf(target.resource),
        metadata: { resourceVersion: String(this.store.resourceVersion) }, items,
      },
    };
  }

  /** Namespace checks, defaulting, storage and the onCreate hooks, for any create path. */
  private insert(resource: ResourceType, object: KubeObject): KubeObject {
    const meta = object.metadata;
    if (resource.namespaced) this.checkNamespaceOpen(resource, meta.name ?? '', meta.namespace ?? '');
    for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) delete meta[field];
    resource.prepareForCreate(object);
    const stored = this.store.create(resource, object);
    this.created(resource, stored);
    return stored;
  }

  /** The write path shared by update and patch: server-owned fields win, status moves only through /status. */
  private commit(target: Target, current: KubeObject, proposed: unknown): Answer {
    const { resource } = target;
    if (!isRecord(proposed) || !isRecord(proposed['metadata'])) throw badRequest('Object \'metadata\' is missing');
    let next = proposed as KubeObject;
    const wanted = next.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== '' && wanted !== current.metadata.resourceVersion) throw conflict(resource, current.metadata.name ?? '');
    if (target.subresource === 'status') {
      next = { ...current, status: next.status };
    } else if (resource.hasStatus) {
      next = { ...next };
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    const metadata: Record<string, unknown> = { ...next.metadata };
    for (const field of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'resourceVersion']) {
      if (current.metadata[field] === undefined) delete metadata[field];
      else metadata[field] = current.metadata[field];
    }
    next.metadata = metadata;
    // A write that changes nothing is not stored: no new resourceVersion, no watch event.
    if (sameJson(next, current)) return { code: 200, body: this.present(resource, current) };
    const stored = this.store.replace(resource, next);
    this.lifecycle.settle(resource, stored);
    return { code: 200, body: this.present(resource, stored) };
  }

  private decode(target: Target, body: unknown): KubeObject {
    const { resource } = target;
    if (!isRecord(body)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
    const kind = body['kind'] ?? resource.kind;
    const apiVersion = body['apiVersion'] ?? apiVersionOf(resource);
    if (kind !== resource.kind) {
      throw badRequest(`${String(kind)} in version "${String(apiVersion)}" cannot be handled as a ${resource.kind}: the kind in the data does not match this endpoint`);
    }
    const metadata = isRecord(body['metadata']) ? { ...body['metadata'] } as ObjectMeta : {};
    if (resource.namespaced) {
      if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== target.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      metadata.namespace = target.namespace;
    }
    return { ...structuredClone(body), apiVersion: String(apiVersion), kind: resource.kind, metadata };
  }

  private checkName(target: Target, object: KubeObject): void {
    const name = object.metadata.name;
    if (name === undefined || name === '') {
      object.metadata.name = target.name;
    } else if (name !== target.name) {
      throw badRequest(`the name of the object (${name}) does not match the name on the URL (${target.name ?? ''})`);
    }
  }

  private checkNamespaceOpen(resource: ResourceType, name: string, namespace: string): void {
    const ns = this.store.get(this.catalog.byPlural('namespaces'), undefined, namespace);
    if (!ns) throw namespaceNotFound(namespace);
    if (ns.metadata.deletionTimestamp !== undefined) throw namespaceTerminating(resource, name, namespace);
  }
}

/** Apply bodies are YAML, of which JSON (what client-node sends) is a subset. */
function parseYaml(text: string): unknown {
  try {
    return load(text);
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
}

function keyOf(object: KubeObject | { metadata: ObjectMeta }): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

function decodeContinue(token: string | null): string | undefined {
  if (!token) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof decoded.after === 'string') return decoded.after;
  } catch {
    // fall through to the apiserver's answer for a token it cannot read
  }
  throw badRequest('continue key is not valid: illegal base64 data');
}

function generateSuffix(): string {
  return [...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
}

/** Query parameters first, then a DeleteOptions body overriding them, as the apiserver decodes them. */
function deleteOptions(query: URLSearchParams, body: unknown): DeleteOptions {
  const options: DeleteOptions = {};
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null && grace !== '') options.gracePeriodSeconds = Number(grace);
  const policy = query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy;
  if (query.get('orphanDependents') === 'true') options.propagationPolicy = 'Orphan';
  if (isRecord(body)) {
    if (typeof body['gracePeriodSeconds'] === 'number') options.gracePeriodSeconds = body['gracePeriodSeconds'];
    if (typeof body['propagationPolicy'] === 'string') options.propagationPolicy = body['propagationPolicy'];
    if (body['orphanDependents'] === true) options.propagationPolicy = 'Orphan';
  }
  return options;
}
