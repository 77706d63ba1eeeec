import { KubeConfig, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import { ClusterRequestError } from '../../framework/cluster/api-errors.js';
import type {
  ClusterAccess, DeleteObjectOptions, DeletePodRequest, ExecRequest, ExecResult, ObjectRef, PatchType,
} from '../../framework/cluster/cluster-access.js';

export type ExecReply = (request: ExecRequest, index: number) => ExecResult | Promise<ExecResult>;

export const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' });
export const exited = (exitCode: number, stderr = '', stdout = ''): ExecResult => ({ exitCode, stdout, stderr });

/** An exec that runs until its signal aborts, then rejects with the reason (as execCommand does). */
export const hangUntilAborted: ExecReply = (request) => new Promise((_resolve, reject) => {
  request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true });
});

/** A readObject, patchObject or deleteObject call, as FakeCluster records it. */
export type ObjectRequest =
  | { readonly verb: 'get'; readonly namespace: string; readonly ref: ObjectRef; readonly signal?: AbortSignal }
  | { readonly verb: 'patch'; readonly namespace: string; readonly ref: ObjectRef; readonly patch: object; readonly type: PatchType; readonly signal?: AbortSignal }
  | ({ readonly verb: 'delete'; readonly namespace: string; readonly ref: ObjectRef } & DeleteObjectOptions);

/** An ObjectRequest without its abort signal, for exact comparisons. */
export type ObjectCall = WithoutSignal<ObjectRequest>;
type WithoutSignal<T> = T extends unknown ? Omit<T, 'signal'> : never;

type PatchRequest = Extract<ObjectRequest, { verb: 'patch' }>;
type DeleteRequest = Extract<ObjectRequest, { verb: 'delete' }>;

export interface FakeClusterOptions {
  /** Answers each exec; default: exit 0, no output. */
  readonly exec?: ExecReply;
  /** Called for each deletion, e.g. to record the watch event the API server would send. */
  readonly deletePod?: (request: DeletePodRequest) => void | Promise<void>;
  /** The objects the API server holds at the start (any namespace: the fake has one). */
  readonly objects?: readonly KubernetesObject[];
  /**
   * The API server's answer to a patch: the object as stored afterwards (it replaces the stored one).
   * Default: the patch merged into the stored object, lists of named items merged by name for
   * strategic patches; a ClusterRequestError with status 404 when there is none.
   */
  readonly patchObject?: (request: PatchRequest, stored: KubernetesObject | undefined) => KubernetesObject | Promise<KubernetesObject>;
  /** What is left after a deletion: the object with its deletionTimestamp, or undefined (gone, the default). */
  readonly deleteObject?: (request: DeleteRequest, stored: KubernetesObject | undefined) => KubernetesObject | undefined;
}

/**
 * ClusterAccess without a cluster: records every request and answers from the test's script.
 * Fault tests assert the exact requests sent.
 */
export class FakeCluster implements ClusterAccess {
  readonly kubeConfig = new KubeConfig();
  readonly contextName = 'kind-faultline';
  readonly server = 'https://127.0.0.1:6443';
  readonly execs: ExecRequest[] = [];
  readonly deletions: DeletePodRequest[] = [];
  readonly objectRequests: ObjectRequest[] = [];
  private readonly stored = new Map<string, KubernetesObject>();

  constructor(private readonly options: FakeClusterOptions = {}) {
    for (const object of options.objects ?? []) this.put(object);
  }

  /** The object requests sent, in order, without their abort signals. */
  get objectCalls(): ObjectCall[] {
    return this.objectRequests.map(({ signal: _signal, ...rest }) => rest as ObjectCall);
  }

  /** The object as stored now, as readObject would answer. */
  object(ref: ObjectRef): KubernetesObject | undefined {
    const object = this.stored.get(keyOf(ref));
    return object === undefined ? undefined : structuredClone(object);
  }

  /** The commands sent, in order. */
  get commands(): Array<readonly string[]> {
    return this.execs.map((request) => request.command);
  }

  async exec(request: ExecRequest): Promise<ExecResult> {
    this.execs.push(request);
    return (this.options.exec ?? (() => ok()))(request, this.execs.length - 1);
  }

  async deletePod(request: DeletePodRequest): Promise<V1Pod | undefined> {
    this.deletions.push(request);
    await this.options.deletePod?.(request);
    return undefined;
  }

  async readPod(): Promise<V1Pod | undefined> {
    throw new Error('FakeCluster: readPod is not part of this test');
  }

  async create(): Promise<KubernetesObject> {
    throw new Error('FakeCluster: create is not part of this test');
  }

  async readObject(namespace: string, ref: ObjectRef, signal?: AbortSignal): Promise<KubernetesObject | undefined> {
    this.objectRequests.push({ verb: 'get', namespace, ref, ...(signal && { signal }) });
    return this.object(ref);
  }

  async patchObject(namespace: string, ref: ObjectRef, patch: object, type: PatchType, signal?: AbortSignal): Promise<KubernetesObject> {
    const request: PatchRequest = { verb: 'patch', namespace, ref, patch: structuredClone(patch), type, ...(signal && { signal }) };
    this.objectRequests.push(request);
    const current = this.object(ref);
    if (this.options.patchObject) return this.put(await this.options.patchObject(request, current));
    if (current === undefined) throw new ClusterRequestError(`patch ${ref.kind} ${ref.name}`, 404, `${ref.kind} "${ref.name}" not found`);
    return this.put(merged(current, patch, type) as KubernetesObject);
  }

  async deleteObject(namespace: string, ref: ObjectRef, options: DeleteObjectOptions = {}): Promise<void> {
    const request: DeleteRequest = { verb: 'delete', namespace, ref, ...options };
    this.objectRequests.push(request);
    const left = this.options.deleteObject?.(request, this.object(ref));
    if (left === undefined) this.stored.delete(keyOf(ref));
    else this.put(left);
  }

  private put(object: KubernetesObject): KubernetesObject {
    this.stored.set(keyOf({ apiVersion: object.apiVersion ?? 'v1', kind: object.kind ?? '', name: object.metadata?.name ?? '' }), structuredClone(object));
    return object;
  }
}

function keyOf(ref: ObjectRef): string {
  return `${ref.apiVersion} ${ref.kind} ${ref.name}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const named = (items: unknown[]): items is Array<{ name: string }> => items.every((item) => isRecord(item) && typeof item.name === 'string');

/** A merge patch (null removes); for strategic patches, lists of named items merge by name, as containers do. */
function merged(target: unknown, patch: unknown, type: PatchType): unknown {
  if (type === 'strategic' && Array.isArray(patch) && Array.isArray(target) && named(patch) && named(target)) {
    const result: unknown[] = [...target];
    for (const item of patch) {
      const at = result.findIndex((existing) => (existing as { name: string }).name === item.name);
      if (at === -1) result.push(item);
      else result[at] = merged(result[at], item, type);
    }
    return result;
  }
  if (!isRecord(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merged(result[key], value, type);
  }
  return result;
}
