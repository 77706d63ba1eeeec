import { hostname } from 'node:os';
import type { V1Namespace } from '@kubernetes/client-node';
import { ClusterRequestError } from './api-errors.js';
import type { KubeCluster } from './kube-cluster.js';
import { pendingRevertsOf } from '../nodes/pending-reverts.js';

export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  run: 'faultline.dev/run',
  scenario: 'faultline.dev/scenario',
} as const;
export const MANAGED_BY = 'faultline';
export const ANNOTATIONS = {
  startedAt: 'faultline.dev/started-at',
  file: 'faultline.dev/scenario-file',
  owner: 'faultline.dev/owner',
} as const;

export interface RunNamespace {
  readonly name: string;
  readonly runId: string;
  readonly scenario: string;
  readonly file: string;
}

/** `fl-<scenario>-<runId>`, cut to a valid namespace name (63 characters, DNS-1123 label). */
export function namespaceName(scenario: string, runId: string): string {
  const slug = scenario.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `fl-${slug.slice(0, 63 - 4 - runId.length).replace(/-+$/, '')}-${runId}`;
}

export async function createRunNamespace(cluster: KubeCluster, spec: RunNamespace, signal?: AbortSignal): Promise<V1Namespace> {
  const body: V1Namespace = {
    metadata: {
      name: spec.name,
      labels: { [LABELS.managedBy]: MANAGED_BY, [LABELS.run]: spec.runId, [LABELS.scenario]: spec.scenario.slice(0, 63) },
      annotations: {
        [ANNOTATIONS.startedAt]: new Date().toISOString(),
        [ANNOTATIONS.file]: spec.file,
        [ANNOTATIONS.owner]: `${hostname()}/${process.pid}`,
      },
    },
  };
  try {
    return await cluster.request(`create namespace ${spec.name}`, () => cluster.core.createNamespace({ body }), signal);
  } catch (error) {
    // The name holds a random run id: a 409 means an earlier attempt of this very request got through.
    if (error instanceof ClusterRequestError && error.status === 409) {
      return cluster.request(`get namespace ${spec.name}`, () => cluster.core.readNamespace({ name: spec.name }), signal);
    }
    throw error;
  }
}

export interface DeleteNamespaceOptions {
  /** How long to wait for the namespace to be gone (default 120 s). */
  readonly timeoutMs?: number;
  /** Told what is still there while waiting, for a second Ctrl-C. */
  readonly signal?: AbortSignal;
  /** false: ask for the deletion and return, without waiting for the namespace to be gone. */
  readonly wait?: false;
}

/**
 * Deletes a namespace and waits, on a watch, until it is gone. Rejects with a message saying what
 * still holds it (its status conditions) when it is not gone in time.
 */
export async function deleteNamespaceAndWait(cluster: KubeCluster, name: string, options: DeleteNamespaceOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  let current: V1Namespace | undefined;
  try {
    await cluster.request(`delete namespace ${name}`, () => cluster.core.deleteNamespace({ name, propagationPolicy: 'Background' }), options.signal);
    // The run's pods are disposable: end them now rather than wait out each grace period (a preStop
    // hook that sleeps forever would otherwise hold the namespace for its full grace). After the
    // namespace's deletion, not before: a terminating namespace admits no new pods, so a ReplicaSet
    // cannot replace them, and the namespace controller finds them gone at its first retries instead
    // of backing off (up to a minute between tries) while replacements terminate gracefully.
    await cluster.request(`delete the pods of namespace ${name}`,
      () => cluster.core.deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 }), options.signal);
    if (options.wait === false) return;
    current = await cluster.request(`get namespace ${name}`, () => cluster.core.readNamespace({ name }), options.signal);
  } catch (error) {
    if (error instanceof ClusterRequestError && error.status === 404) return;
    throw error;
  }
  // Imported here: the CLI's help and sweep summary read this module's labels, and client-node is slow to load.
  const { Watch } = await import('@kubernetes/client-node');
  await new Promise<void>((resolve, reject) => {
    const controllers = new Set<AbortController>();
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      controllers.forEach((c) => c.abort());
      if (error) reject(error); else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`namespace ${name} is still there after ${timeoutMs / 1000}s: ${describeHold(current)}`)), timeoutMs);
    const watchFrom = (resourceVersion: string): void => {
      void new Watch(cluster.kubeConfig).watch('/api/v1/namespaces', { fieldSelector: `metadata.name=${name}`, resourceVersion, allowWatchBookmarks: true },
        (type, object: V1Namespace) => {
          if (type === 'DELETED') finish();
          else if (type === 'MODIFIED' || type === 'ADDED') current = object;
        },
        () => {
          if (finished) return;
          // The watch ended (timeout, drop, 410): read the namespace (with retries), then watch again from there.
          cluster.request(`get namespace ${name}`, () => cluster.core.readNamespace({ name })).then(
            (namespace) => { current = namespace; watchFrom(namespace.metadata?.resourceVersion ?? ''); },
            (error: unknown) => (error instanceof ClusterRequestError && error.status === 404 ? finish()
              : finish(new Error(`could not tell whether namespace ${name} is gone: ${(error as Error).message}`))),
          );
        }).then((controller) => {
        controllers.add(controller);
        if (finished) controller.abort();
      });
    };
    watchFrom(current?.metadata?.resourceVersion ?? '');
  });
}

function describeHold(namespace: V1Namespace | undefined): string {
  const conditions = (namespace?.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}: ${c.message ?? c.reason}`);
  return conditions.length > 0 ? conditions.join('; ') : `phase ${namespace?.status?.phase ?? 'unknown'}`;
}

export interface SweepOptions {
  /** Only namespaces older than this (default 0: all). */
  readonly olderThanMs?: number;
  readonly timeoutMs?: number;
  readonly now?: number;
  /** false: ask for each deletion without waiting for the namespaces to be gone (at the start of a run). */
  readonly wait?: false;
  /**
   * Undoes what the run changed outside its namespace (a lost or drained node), before the namespace
   * goes; resolves with what it could not do, and then the namespace is kept (with its record) for a later sweep.
   */
  readonly beforeDelete?: (namespace: V1Namespace) => Promise<string[]>;
}

/** Without a way to revert: a namespace that records node faults still to undo is kept, so its record is not lost. */
async function keepUnreverted(namespace: V1Namespace): Promise<string[]> {
  const { pending } = pendingRevertsOf(namespace);
  return pending.map((p) => `node ${p.node} (${p.action === 'start' ? 'lost' : 'drained'} by run ${namespace.metadata?.name}) may need reverting: run \`faultline sweep\``);
}

/** When a run's namespace was made: its creationTimestamp (the API server's clock), else the run's started-at annotation. */
function startOf(namespace: V1Namespace): number {
  const stamp = namespace.metadata?.creationTimestamp ?? namespace.metadata?.annotations?.[ANNOTATIONS.startedAt];
  const time = stamp === undefined ? Number.NaN : new Date(stamp).getTime();
  // Unknown age: treated as old, since no live run makes a namespace without both.
  return Number.isNaN(time) ? 0 : time;
}

/** Deletes every namespace labelled managed-by=faultline (older than `olderThanMs`); returns their names. */
export async function sweepNamespaces(cluster: KubeCluster, options: SweepOptions = {}): Promise<{ deleted: string[]; problems: string[] }> {
  const list = await cluster.request('list faultline namespaces',
    () => cluster.core.listNamespace({ labelSelector: `${LABELS.managedBy}=${MANAGED_BY}` }));
  const now = options.now ?? Date.now();
  const old = list.items.filter((ns) => now - startOf(ns) >= (options.olderThanMs ?? 0));
  const kept: string[] = [];
  const names: string[] = [];
  for (const ns of old) {
    const name = ns.metadata!.name!;
    const unreverted = await (options.beforeDelete ?? keepUnreverted)(ns);
    if (unreverted.length === 0) names.push(name);
    else kept.push(...unreverted.map((problem) => `${problem} (namespace ${name} kept, with its record, for the next sweep)`));
  }
  const results = await Promise.allSettled(names.map((name) => deleteNamespaceAndWait(cluster, name, {
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }), ...(options.wait === false && { wait: false as const }),
  })));
  return {
    deleted: names.filter((_name, i) => results[i]!.status === 'fulfilled'),
    problems: [...kept, ...results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message ?? r.reason)] : []))],
  };
}
