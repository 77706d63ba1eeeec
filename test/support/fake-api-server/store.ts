/** In-memory object storage with one global resourceVersion counter and a change history, as etcd. */
import { randomUUID } from 'node:crypto';
import { sameJson } from './patch.js';
import { alreadyExists, notFound } from './status.js';
import { storageKey, type ResourceType } from './resources.js';
import type { KubeObject } from './types.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  resource: ResourceType;
  resourceVersion: number;
  object: KubeObject;
  /** The state before a MODIFIED, so selector watches can turn it into ADDED/DELETED. */
  previous?: KubeObject;
}

export type ChangeListener = (change: Change) => void;

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class Store {
  private revision = 0;
  private readonly tables = new Map<string, Map<string, KubeObject>>();
  private history: Change[] = [];
  /** Changes at or below this revision are no longer in the history. */
  private compactedRevision = 0;
  private readonly listeners = new Set<ChangeListener>();

  get resourceVersion(): number {
    return this.revision;
  }

  get compactedThrough(): number {
    return this.compactedRevision;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(resource: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.table(resource).get(objectKey(resource.namespaced ? namespace : undefined, name));
    return found && structuredClone(found);
  }

  mustGet(resource: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.get(resource, namespace, name);
    if (!found) throw notFound(resource, name);
    return found;
  }

  /** Sorted by namespace then name, the order of etcd keys. */
  list(resource: ResourceType, namespace?: string): KubeObject[] {
    return [...this.table(resource).entries()]
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => structuredClone(o));
  }

  /** Stores a new object, filling in the fields the apiserver owns. */
  create(resource: ResourceType, input: KubeObject): KubeObject {
    const name = input.metadata.name ?? '';
    const table = this.table(resource);
    const key = objectKey(resource.namespaced ? input.metadata.namespace : undefined, name);
    if (table.has(key)) throw alreadyExists(resource, name);
    const object = structuredClone(input);
    if (!resource.namespaced) delete object.metadata.namespace;
    object.metadata.uid ??= randomUUID();
    object.metadata.creationTimestamp ??= timestamp();
    object.metadata.generation ??= 1;
    object.metadata.resourceVersion = String(++this.revision);
    table.set(key, object);
    this.emit({ type: 'ADDED', resource, resourceVersion: this.revision, object: structuredClone(object) });
    return structuredClone(object);
  }

  /** Replaces a stored object; identity fields are kept, generation follows spec and deletion changes. */
  replace(resource: ResourceType, input: KubeObject): KubeObject {
    const name = input.metadata.name ?? '';
    const table = this.table(resource);
    const key = objectKey(resource.namespaced ? input.metadata.namespace : undefined, name);
    const previous = table.get(key);
    if (!previous) throw notFound(resource, name);
    const object = structuredClone(input);
    if (!resource.namespaced) delete object.metadata.namespace;
    object.metadata.uid = previous.metadata.uid;
    object.metadata.creationTimestamp = previous.metadata.creationTimestamp;
    const specChanged = !sameJson(object.spec, previous.spec);
    const deletionStarted = object.metadata.deletionTimestamp !== undefined && previous.metadata.deletionTimestamp === undefined;
    const generation = previous.metadata.generation ?? 1;
    object.metadata.generation = specChanged || deletionStarted ? generation + 1 : generation;
    object.metadata.resourceVersion = String(++this.revision);
    table.set(key, object);
    this.emit({ type: 'MODIFIED', resource, resourceVersion: this.revision, object: structuredClone(object), previous: structuredClone(previous) });
    return structuredClone(object);
  }

  /** Removes an object; the DELETED event carries the deletion's own resourceVersion, as etcd's does. */
  delete(resource: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const table = this.table(resource);
    const key = objectKey(resource.namespaced ? namespace : undefined, name);
    const previous = table.get(key);
    if (!previous) throw notFound(resource, name);
    table.delete(key);
    const object = structuredClone(previous);
    object.metadata.resourceVersion = String(++this.revision);
    this.emit({ type: 'DELETED', resource, resourceVersion: this.revision, object: structuredClone(object) });
    return object;
  }

  /** Every change after `resourceVersion`, or undefined when the history no longer reaches back that far. */
  changesSince(resourceVersion: number): Change[] | undefined {
    if (resourceVersion < this.compactedRevision) return undefined;
    return this.history.filter((c) => c.resourceVersion > resourceVersion);
  }

  compact(): void {
    this.history = [];
    this.compactedRevision = this.revision;
  }

  private table(resource: ResourceType): Map<string, KubeObject> {
    const key = storageKey(resource);
    let table = this.tables.get(key);
    if (!table) {
      table = new Map();
      this.tables.set(key, table);
    }
    return table;
  }

  private emit(change: Change): void {
    this.history.push(change);
    for (const listener of this.listeners) listener(change);
  }
}
