/**
 * An in-process fake Kubernetes API server over real HTTP, so client-node's own request, watch and exec code
 * can be exercised with no cluster.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { Discovery, parseVersion } from './discovery.js';
import { recordEvent, type EventInput } from './event-recorder.js';
import { EvictionEndpoint, type DisruptionBudget } from './eviction-endpoint.js';
import { ExecEndpoint } from './exec-endpoint.js';
import { FaultInjector } from './fault-injection.js';
import { HttpRouter } from './http-router.js';
import { Lifecycle } from './lifecycle.js';
import { Operations } from './operations.js';
import { WRITE_VERBS } from './request-path.js';
import { ResourceCatalog, type ResourceType } from './resources.js';
import { Store } from './store.js';
import type {
  ExecHandler, ExecRequest, FailRule, KubeObject, KubeObjectInput, RecordedRequest,
} from './types.js';
import { WatchHub } from './watch-hub.js';

export type {
  ExecHandler, ExecReply, ExecRequest, FailRule, KubeObject, KubeObjectInput, KubeVerb, ObjectMeta,
  OwnerReference, RecordedRequest, Status, WatchEventType,
} from './types.js';
export { RESOURCE_TABLE, type ResourceType } from './resources.js';
export type { EventInput } from './event-recorder.js';
export type { DisruptionBudget } from './eviction-endpoint.js';

export interface FakeApiServerOptions {
  /** gitVersion reported by /version; also decides which API versions are served. Default 'v1.20.2'. */
  version?: string;
  /** Serve the discovery.k8s.io group (EndpointSlices). Default true. */
  endpointSlices?: boolean;
  /** 'graceful' (default): a deleted pod stays Terminating until finishPodDeletion(). */
  podDeletion?: 'graceful' | 'immediate';
  /** 'async' (default): a deleted namespace is emptied and removed on the next tick; 'manual': on finishNamespaceDeletion(). */
  namespaceDeletion?: 'async' | 'manual';
  /** Send a BOOKMARK this often to watches that allow them. Default: never (use sendBookmarks()). */
  bookmarkIntervalMs?: number;
  /** Bearer token requests must carry. Default 'test-token'; false accepts unauthenticated requests. */
  token?: string | false;
  /** Namespaces present at start. Default: those of a new cluster. */
  namespaces?: string[];
}

export type CreateHook = (object: KubeObject, api: FakeApiServer) => void | Promise<void>;

const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class FakeApiServer {
  /** Every request received, in order, failed and refused ones included. */
  readonly requests: RecordedRequest[] = [];
  /**
   * The `host:port` of every CONNECT received: a kubeconfig whose cluster has `proxy-url: <this.url>`
   * reaches this server whatever its `server` is called (a name the guard treats as a remote cluster).
   */
  readonly tunnels: string[] = [];
  /** Errors thrown by onCreate hooks and background work (namespace clean-up): a failing controller does not fail the request that triggered it. */
  readonly errors: unknown[] = [];
  private readonly store = new Store();
  private readonly catalog: ResourceCatalog;
  private readonly lifecycle: Lifecycle;
  private readonly watches: WatchHub;
  private readonly exec: ExecEndpoint;
  private readonly evictions: EvictionEndpoint;
  private readonly faults = new FaultInjector();
  private readonly hooks = new Map<string, CreateHook[]>();
  private readonly pending = new Set<NodeJS.Immediate>();
  private readonly token: string;
  private readonly server: Server;
  private address = '';

  private constructor(options: FakeApiServerOptions) {
    const version = parseVersion(options.version ?? 'v1.20.2');
    const minor = Number(version.minor);
    this.catalog = new ResourceCatalog(minor, options.endpointSlices ?? true);
    this.token = options.token === false ? '' : options.token ?? 'test-token';
    this.lifecycle = new Lifecycle(this.store, this.catalog, {
      podDeletion: options.podDeletion ?? 'graceful',
      namespaceDeletion: options.namespaceDeletion ?? 'async',
    }, (work) => this.defer(work));
    this.watches = new WatchHub(this.store, options.bookmarkIntervalMs);
    this.exec = new ExecEndpoint(this.store, this.catalog, minor);
    this.evictions = new EvictionEndpoint(this.store, this.catalog, this.lifecycle, minor);
    const operations = new Operations(this.store, this.catalog, this.lifecycle, (resource, object) => this.runHooks(resource, object));
    const router = new HttpRouter({
      catalog: this.catalog,
      discovery: new Discovery(this.catalog, version, () => this.address),
      operations, watches: this.watches, exec: this.exec, evictions: this.evictions, faults: this.faults, requests: this.requests,
      token: options.token === false ? undefined : this.token,
    });
    this.server = createServer((req, res) => router.handleRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => router.handleUpgrade(req, socket, head));
    // An HTTP CONNECT proxy to itself (kubeconfig `proxy-url`): the fake answers under any server name.
    this.server.on('connect', (req, socket, head) => {
      this.tunnels.push(req.url ?? '');
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) socket.unshift(head);
      this.server.emit('connection', socket);
    });
    const namespaces = this.catalog.byPlural('namespaces');
    for (const name of options.namespaces ?? DEFAULT_NAMESPACES) {
      this.store.create(namespaces, {
        apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
      });
    }
  }

  static async start(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
    const api = new FakeApiServer(options);
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = api.server.address() as AddressInfo;
    api.address = `127.0.0.1:${port}`;
    return api;
  }

  get url(): string {
    return `http://${this.address}`;
  }

  /** A KubeConfig whose current context 'fake' points at this server with the token 'test-token'. */
  kubeConfig(namespace?: string): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // client-node refuses plain http unless skipTLSVerify is set.
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'fake', token: this.token }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', ...(namespace !== undefined && { namespace }) }],
      currentContext: 'fake',
    });
    return kc;
  }

  async stop(): Promise<void> {
    for (const immediate of this.pending) clearImmediate(immediate);
    this.pending.clear();
    this.watches.close();
    this.exec.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** The current (global) resourceVersion. */
  get resourceVersion(): string {
    return String(this.store.resourceVersion);
  }

  // ---- test-side state changes, as a kubelet or controller would make them (no HTTP, watch events emitted)

  /** Creates or replaces an object as given (status included): ADDED or MODIFIED. */
  put(input: KubeObjectInput): KubeObject {
    const apiVersion = input.apiVersion ?? 'v1';
    const resource = this.catalog.byKind(apiVersion, input.kind);
    if (!resource) throw new Error(`fake-api-server: ${apiVersion} ${input.kind} is not served`);
    const metadata = { ...input.metadata };
    if (resource.namespaced) metadata.namespace ??= 'default';
    const object: KubeObject = { ...structuredClone(input), apiVersion, kind: input.kind, metadata };
    const exists = this.store.get(resource, metadata.namespace, metadata.name ?? '');
    const stored = exists ? this.store.replace(resource, object) : this.store.create(resource, object);
    this.lifecycle.settle(resource, stored);
    return stored;
  }

  /** Mutates a stored object in place: always MODIFIED with a new resourceVersion. */
  update<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, name: string, mutate: (object: T) => void): KubeObject {
    const type = this.catalog.byPlural(resource);
    const object = this.store.mustGet(type, namespace, name) as T;
    mutate(object);
    const stored = this.store.replace(type, object);
    this.lifecycle.settle(type, stored);
    return stored;
  }

  /** Removes an object at once, ignoring grace periods and finalizers: DELETED. */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject {
    return this.store.delete(this.catalog.byPlural(resource), namespace, name);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(this.catalog.byPlural(resource), namespace, name);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    return this.store.list(this.catalog.byPlural(resource), namespace);
  }

  /** Records a core v1 Event; a repeat of the same event bumps its count and lastTimestamp, as the event recorder does. */
  recordEvent(input: EventInput): KubeObject {
    return recordEvent(this.store, this.catalog.byPlural('events'), input);
  }

  /** Runs after an object of this resource (plural, e.g. 'deployments') is created through the API. */
  onCreate(resource: string, hook: CreateHook): void {
    const hooks = this.hooks.get(resource) ?? [];
    hooks.push(hook);
    this.hooks.set(resource, hooks);
  }

  /** The kubelet's confirmation that a terminating pod's containers are gone: DELETED. */
  finishPodDeletion(namespace: string, name: string): void {
    this.lifecycle.finishPodDeletion(namespace, name);
  }

  /** Empties and removes a Terminating namespace (for namespaceDeletion: 'manual'). */
  finishNamespaceDeletion(name: string): void {
    this.lifecycle.finishNamespaceDeletion(name);
  }

  // ---- evictions

  /** A PodDisruptionBudget the pods/eviction subresource honours: it refuses (429) while `healthy` is not above `minAvailable`. */
  setDisruptionBudget(budget: DisruptionBudget): void {
    this.evictions.setBudget(budget);
  }

  removeDisruptionBudget(namespace: string, name: string): void {
    this.evictions.removeBudget(namespace, name);
  }

  // ---- watches

  get openWatchCount(): number {
    return this.watches.openCount;
  }

  waitForWatches(count: number): Promise<void> {
    return this.watches.waitFor(count);
  }

  /** Forgets the change history: a watch from an older resourceVersion gets a 410 Expired ERROR event. */
  compactHistory(): void {
    this.store.compact();
  }

  expireNextWatch(): void {
    this.watches.expireNext();
  }

  sendBookmarks(): void {
    this.watches.sendBookmarks();
  }

  /** Destroys every open watch's socket, as a connection reset. */
  dropWatches(): void {
    this.watches.dropAll();
  }

  /** Ends every open watch cleanly, as a server-side timeout. */
  endWatches(): void {
    this.watches.endAll();
  }

  /** Open watches stay connected but never deliver again; later watches work. */
  stallWatches(): void {
    this.watches.stallAll();
  }

  // ---- exec

  get execs(): readonly ExecRequest[] {
    return this.exec.execs;
  }

  onExec(handler: ExecHandler): void {
    this.exec.onExec(handler);
  }

  // ---- faults and accounting

  failNext(rule: FailRule): void {
    this.faults.failNext(rule);
  }

  /** Requests that ask to change state (create, update, patch, delete, deletecollection), refused ones included. */
  countWrites(): number {
    return this.requests.filter((r) => WRITE_VERBS.has(r.verb)).length;
  }

  private runHooks(resource: ResourceType, object: KubeObject): void {
    for (const hook of this.hooks.get(resource.plural) ?? []) {
      try {
        const result = hook(structuredClone(object), this);
        if (result instanceof Promise) result.catch((error: unknown) => this.errors.push(error));
      } catch (error) {
        this.errors.push(error);
      }
    }
  }

  private defer(work: () => void): void {
    const immediate = setImmediate(() => {
      this.pending.delete(immediate);
      try {
        work();
      } catch (error) {
        this.errors.push(error);
      }
    });
    this.pending.add(immediate);
  }
}
