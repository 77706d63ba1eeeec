/**
 * Deletion as the apiserver and its controllers carry it out: graceful pod deletion that waits for the kubelet,
 * finalizers, namespace termination, and garbage collection of owned objects.
 */
import { forbidden, StatusError } from './status.js';
import { storageKey, type ResourceCatalog, type ResourceType } from './resources.js';
import { timestamp, type Store } from './store.js';
import type { KubeObject } from './types.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
}

export interface DeleteOutcome {
  /** The object after the request: still present (terminating) unless `deleted`. */
  object: KubeObject;
  deleted: boolean;
}

export interface LifecycleOptions {
  podDeletion: 'graceful' | 'immediate';
  namespaceDeletion: 'async' | 'manual';
}

/** The apiserver refuses to delete these. */
const UNDELETABLE_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export class Lifecycle {
  constructor(
    private readonly store: Store,
    private readonly catalog: ResourceCatalog,
    private readonly options: LifecycleOptions,
    /** Runs work later, the way a controller reacts after the request has been answered. */
    private readonly defer: (work: () => void) => void,
  ) {}

  delete(resource: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): DeleteOutcome {
    if (resource.plural === 'namespaces' && resource.group === '') return this.deleteNamespace(name);
    const current = this.store.mustGet(resource, namespace, name);
    const grace = this.gracePeriod(resource, current, options);
    if (current.metadata.deletionTimestamp !== undefined) return this.shortenGrace(resource, current, grace);
    if (options.propagationPolicy === 'Orphan') this.orphanDependents(current);
    const finalizers = current.metadata.finalizers ?? [];
    if (grace > 0 || finalizers.length > 0) {
      current.metadata.deletionTimestamp = timestamp(new Date(Date.now() + grace * 1000));
      current.metadata.deletionGracePeriodSeconds = grace;
      return { object: this.store.replace(resource, current), deleted: false };
    }
    return { object: this.remove(resource, current), deleted: true };
  }

  /** Called after every write: an object whose deletion was only waiting on finalizers goes once they are gone. */
  settle(resource: ResourceType, object: KubeObject): void {
    const meta = object.metadata;
    if (meta.deletionTimestamp === undefined || (meta.finalizers ?? []).length > 0) return;
    if (resource.plural === 'namespaces') return;
    if (resource.plural === 'pods' && (meta.deletionGracePeriodSeconds ?? 0) > 0) return;
    this.remove(resource, object);
  }

  /** What the kubelet does once the containers of a terminating pod have stopped. */
  finishPodDeletion(namespace: string, name: string): void {
    const pods = this.catalog.byPlural('pods');
    const pod = this.store.mustGet(pods, namespace, name);
    if (pod.metadata.deletionTimestamp === undefined) {
      throw new Error(`fake-api-server: pod ${namespace}/${name} is not terminating; delete it first`);
    }
    if ((pod.metadata.finalizers ?? []).length > 0) {
      pod.metadata.deletionGracePeriodSeconds = 0;
      this.store.replace(pods, pod);
      return;
    }
    this.remove(pods, pod);
  }

  /** What the namespace controller does: empty the namespace, then let it go. */
  finishNamespaceDeletion(name: string): void {
    const namespaces = this.catalog.byPlural('namespaces');
    const namespace = this.store.get(namespaces, undefined, name);
    if (!namespace) return;
    if (namespace.metadata.deletionTimestamp === undefined) {
      throw new Error(`fake-api-server: namespace ${name} is not terminating; delete it first`);
    }
    for (const resource of this.storedResources().filter((r) => r.namespaced)) {
      for (const object of this.store.list(resource, name)) this.store.delete(resource, name, object.metadata.name ?? '');
    }
    this.store.delete(namespaces, undefined, name);
  }

  private deleteNamespace(name: string): DeleteOutcome {
    const namespaces = this.catalog.byPlural('namespaces');
    if (UNDELETABLE_NAMESPACES.has(name)) throw forbidden(namespaces, name, 'this namespace may not be deleted');
    const current = this.store.mustGet(namespaces, undefined, name);
    if (current.metadata.deletionTimestamp !== undefined) return { object: current, deleted: false };
    current.metadata.deletionTimestamp = timestamp();
    current.status = { ...current.status, phase: 'Terminating' };
    const object = this.store.replace(namespaces, current);
    if (this.options.namespaceDeletion === 'async') this.defer(() => this.finishNamespaceDeletion(name));
    return { object, deleted: false };
  }

  private gracePeriod(resource: ResourceType, object: KubeObject, options: DeleteOptions): number {
    if (resource.plural !== 'pods' || resource.group !== '' || this.options.podDeletion === 'immediate') return 0;
    // A pod that has already terminated has nothing left to stop.
    const phase = object.status?.['phase'];
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    const fromSpec = object.spec?.['terminationGracePeriodSeconds'];
    return Math.max(0, options.gracePeriodSeconds ?? (typeof fromSpec === 'number' ? fromSpec : 30));
  }

  /** A second DELETE may only shorten a pending grace period; zero forces the deletion. */
  private shortenGrace(resource: ResourceType, current: KubeObject, grace: number): DeleteOutcome {
    const pending = current.metadata.deletionGracePeriodSeconds ?? 0;
    if (resource.plural !== 'pods' || grace >= pending) return { object: current, deleted: false };
    current.metadata.deletionGracePeriodSeconds = grace;
    current.metadata.deletionTimestamp = timestamp(new Date(Date.now() + grace * 1000));
    if (grace === 0 && (current.metadata.finalizers ?? []).length === 0) return { object: this.remove(resource, current), deleted: true };
    return { object: this.store.replace(resource, current), deleted: false };
  }

  private remove(resource: ResourceType, object: KubeObject): KubeObject {
    const deleted = this.store.delete(resource, object.metadata.namespace, object.metadata.name ?? '');
    // The garbage collector's background propagation: dependents go after their owner.
    for (const { resource: depResource, object: dependent } of this.dependentsOf(deleted)) {
      try {
        this.delete(depResource, dependent.metadata.namespace, dependent.metadata.name ?? '');
      } catch (error) {
        // Already gone: a dependent reached twice through two owners.
        if (!(error instanceof StatusError && error.code === 404)) throw error;
      }
    }
    return deleted;
  }

  private orphanDependents(owner: KubeObject): void {
    for (const { resource, object } of this.dependentsOf(owner)) {
      object.metadata.ownerReferences = (object.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      if (object.metadata.ownerReferences.length === 0) delete object.metadata.ownerReferences;
      this.store.replace(resource, object);
    }
  }

  private dependentsOf(owner: KubeObject): Array<{ resource: ResourceType; object: KubeObject }> {
    const uid = owner.metadata.uid;
    return this.storedResources().flatMap((resource) => this.store.list(resource)
      .filter((o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === uid))
      .map((object) => ({ resource, object })));
  }

  /** One entry per stored table: resources served in two versions share one. */
  private storedResources(): ResourceType[] {
    const byKey = new Map<string, ResourceType>();
    for (const resource of this.catalog.served) byKey.set(storageKey(resource), resource);
    return [...byKey.values()];
  }
}
