/**
 * Isolation: runs in parallel against one cluster never touch each other's namespaces, cleanup and
 * sweep delete only what Faultline labelled, and a scenario cannot reach outside its own namespace
 * (manifests and faults naming other namespaces or cluster-scoped kinds are refused at load time;
 * faults that name objects or pods act in the run's namespace only). The node faults are the one
 * allowed exception and are tested with them, not here.
 *
 * Each parallel run is a real `faultline run` process talking to the fake API server through its
 * own recording pass-through, so every request can be attributed to the run that sent it.
 */
import { expect } from 'chai';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { FakeApiServer, type KubeObject } from '../support/fake-api-server/index.js';
import { KubeletSimulator } from '../support/kubelet-simulator.js';
import { PROJECT_ROOT, runCli, spawnCli, withFakeCluster } from '../cli/cli-harness.js';
import { scenarioYaml, temporaryFolder, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';

interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}

/** A pass-through in front of the fake API server that records what one client sends. */
class RecordingPassThrough {
  readonly requests: SeenRequest[] = [];
  /** Watches hold their connections open: no pooling limits, no keep-alive reuse. */
  private readonly agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  private constructor(private readonly server: Server) {}

  static async start(target: URL): Promise<RecordingPassThrough> {
    const server = createServer();
    const proxy = new RecordingPassThrough(server);
    server.on('request', (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', target);
        const body = Buffer.concat(chunks);
        proxy.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: body.toString('utf8') });
        const upstream = httpRequest(url, { method: req.method, headers: { ...req.headers, host: target.host }, agent: proxy.agent }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.flushHeaders(); // a watch's headers come before any event, and its client waits for them
          answer.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        res.on('close', () => upstream.destroy());
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.agent.destroy();
    await closed;
  }
}

/** The namespace a request is about: in its path, in a field selector on namespaces, or in a namespace it creates. */
function namespaceOf(request: SeenRequest): string | undefined {
  const inPath = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)/.exec(request.path)?.[1];
  if (inPath !== undefined) return inPath;
  if (request.path === '/api/v1/namespaces') {
    const named = /metadata\.name=([^,]+)/.exec(request.query.get('fieldSelector') ?? '')?.[1];
    if (named !== undefined) return named;
    if (request.method === 'POST') return (JSON.parse(request.body) as KubeObject).metadata.name;
  }
  return undefined;
}

/** Discovery and version requests name no namespace and change nothing. */
function isDiscovery(request: SeenRequest): boolean {
  return request.method === 'GET' && (/^\/(version|api|apis)\/?$/.test(request.path) || /^\/apis?\/[^/]+(\/[^/]+)?\/?$/.test(request.path));
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function kubeconfigFor(dir: string, name: string, server: string): Promise<string> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name, server, skipTLSVerify: true }],
    users: [{ name, token: 'test-token' }],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  const file = path.join(dir, `${name}.kubeconfig.json`);
  await writeFile(file, kubeConfig.exportConfig(), 'utf8');
  return file;
}

const READY_WEB = `
    - waitFor:
        - ready: { target: app=web }
        - endpoints: { service: web, target: app=web, present: true }`;

describe('isolation: two runs in parallel against one cluster', function () {
  this.timeout(60_000);
  let api: FakeApiServer;
  let dir: string;
  const proxies: RecordingPassThrough[] = [];

  beforeEach(async () => {
    api = await FakeApiServer.start();
    dir = await temporaryFolder();
    await writeFiles(dir, { 'a/manifests/web.yaml': WEB_MANIFESTS, 'b/manifests/web.yaml': WEB_MANIFESTS });
  });

  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('each run names only its own namespace, and A\'s cleanup deletes only A\'s objects while B still runs', async () => {
    // Both scenarios create a Deployment and a Service named web: the same names, in two namespaces.
    const fileA = await writeFiles(dir, { 'a/isolation-a.yaml': scenarioYaml('isolation-a', READY_WEB) });
    const fileB = await writeFiles(dir, { 'b/isolation-b.yaml': scenarioYaml('isolation-b', READY_WEB) });
    const proxyA = await RecordingPassThrough.start(new URL(api.url));
    const proxyB = await RecordingPassThrough.start(new URL(api.url));
    proxies.push(proxyA, proxyB);

    // A's pod turns Ready only once B's pod exists, so A's cleanup runs while B's objects are there;
    // B's pod turns Ready only once A has exited.
    const sim = new KubeletSimulator(api);
    const pods = new Map<'a' | 'b', string>();
    let bothCreated!: () => void;
    const bothExist = new Promise<void>((resolve) => { bothCreated = resolve; });
    sim.onPod((pod, namespace) => {
      sim.start(pod);
      pods.set(namespace.startsWith('fl-isolation-a-') ? 'a' : 'b', pod);
      if (pods.size === 2) bothCreated();
    });
    void bothExist.then(() => sim.ready(pods.get('a')!, true));

    const runA = spawnCli(['run', path.relative(PROJECT_ROOT, fileA), '--quiet'], { kubeconfig: await kubeconfigFor(dir, 'a', proxyA.url) });
    const runB = spawnCli(['run', path.relative(PROJECT_ROOT, fileB), '--quiet'], { kubeconfig: await kubeconfigFor(dir, 'b', proxyB.url) });
    const exitedA = await runA.exited;
    expect(exitedA.code, exitedA.stdout + exitedA.stderr).to.equal(0);

    const namespaces = (prefix: string): string[] => api.list('namespaces').map((ns) => ns.metadata.name ?? '').filter((name) => name.startsWith(prefix));
    const [namespaceB] = namespaces('fl-isolation-b-');
    expect(namespaces('fl-isolation-a-')).to.deep.equal([]);
    expect(namespaceB).to.be.a('string');
    expect(api.get('deployments', namespaceB, 'web')).to.not.equal(undefined);
    expect(api.get('services', namespaceB, 'web')).to.not.equal(undefined);
    expect(api.get('pods', namespaceB, pods.get('b')!)?.metadata.deletionTimestamp).to.equal(undefined);

    sim.ready(pods.get('b')!, true);
    const exitedB = await runB.exited;
    expect(exitedB.code, exitedB.stdout + exitedB.stderr).to.equal(0);

    for (const [run, proxy] of [['a', proxyA], ['b', proxyB]] as const) {
      const own = proxy.requests.map(namespaceOf).find((ns) => ns?.startsWith(`fl-isolation-${run}-`));
      expect(own, `run ${run} created a namespace`).to.be.a('string');
      const outside = proxy.requests.filter((r) => !isDiscovery(r) && namespaceOf(r) !== own).map((r) => `${r.method} ${r.path}?${r.query.toString()}`);
      expect(outside, `requests of run ${run} that are not about ${own}`).to.deep.equal([]);
      const deletes = proxy.requests.filter((r) => r.method === 'DELETE');
      expect(deletes.length, `run ${run} cleaned up`).to.be.greaterThan(0);
      expect(deletes.every((r) => namespaceOf(r) === own)).to.equal(true);
      expect(proxy.requests.filter((r) => WRITES.has(r.method)).every((r) => namespaceOf(r) === own)).to.equal(true);
    }
    expect(namespaces('fl-')).to.deep.equal([]);
  });
});

describe('isolation: sweep deletes only what Faultline labelled, and never a live run', function () {
  this.timeout(20_000);
  let api: FakeApiServer;
  let kubeconfig: string;
  withFakeCluster((made) => ({ api, kubeconfig } = made));

  const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const namespace = (name: string, labels: Record<string, string>, created: string): void => {
    api.put({ kind: 'Namespace', metadata: { name, labels, creationTimestamp: created }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  };

  it('leaves look-alikes, other tools\' namespaces and a live run alone; takes only old labelled ones', async () => {
    const managed = { 'app.kubernetes.io/managed-by': 'faultline', 'faultline.dev/run': 'k1' };
    namespace('fl-web-lookalike', {}, hoursAgo(5));
    namespace('helm-release', { 'app.kubernetes.io/managed-by': 'helm' }, hoursAgo(5));
    namespace('half-labelled', { 'faultline.dev/run': 'k1' }, hoursAgo(5));
    namespace('fl-killed-k1', managed, hoursAgo(5));
    namespace('fl-live-r2', { 'app.kubernetes.io/managed-by': 'faultline', 'faultline.dev/run': 'r2' }, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    api.put({ kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'fl-web-lookalike' }, data: { a: '1' } });
    const untouchable = ['fl-web-lookalike', 'helm-release', 'half-labelled', 'default', 'kube-system', 'kube-public', 'kube-node-lease'];

    const swept = await runCli(['sweep', '--older-than', '10m'], { kubeconfig });
    expect(swept).to.deep.equal({ code: 0, out: ['deleted 1 namespace(s): fl-killed-k1'], err: [] });

    const touched = api.requests.filter((r) => untouchable.some((name) => r.path.includes(`/namespaces/${name}`) || (r.query.get('fieldSelector') ?? '').includes(`=${name}`)));
    expect(touched.map((r) => `${r.method} ${r.path}`)).to.deep.equal([]);
    expect(api.requests.filter((r) => r.path.includes('fl-live-r2') || (r.query.get('fieldSelector') ?? '').includes('fl-live-r2'))).to.deep.equal([]);
    const lists = api.requests.filter((r) => r.verb === 'list' && r.path === '/api/v1/namespaces');
    expect(lists.map((r) => r.query.get('labelSelector'))).to.deep.equal(['app.kubernetes.io/managed-by=faultline']);
    const present = api.list('namespaces').map((ns) => ns.metadata.name);
    expect(present).to.include.members([...untouchable, 'fl-live-r2']).and.not.include('fl-killed-k1');
    expect(api.get('configmaps', 'fl-web-lookalike', 'keep')).to.not.equal(undefined);
  });
});

describe('isolation: a scenario cannot escape its namespace', function () {
  this.timeout(30_000);
  let api: FakeApiServer;
  let dir: string;
  let kubeconfig: string;
  withFakeCluster((made) => ({ api, dir, kubeconfig } = made));

  const CORPUS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'bad-scenarios');
  const refused: Array<[string, string]> = [
    ['manifest-other-namespace.yaml', "manifests are applied into the run's own namespace; remove metadata.namespace"],
    ['manifest-inline-other-namespace.yaml', "manifests are applied into the run's own namespace; remove metadata.namespace"],
    ['manifest-cluster-scoped-namespace.yaml', 'Namespace is cluster-scoped'],
    ['manifest-cluster-scoped-clusterrole.yaml', 'ClusterRole is cluster-scoped'],
    ['manifest-inline-persistent-volume.yaml', 'PersistentVolume is cluster-scoped'],
    ['fault-delete-namespace.yaml', 'Namespace is cluster-scoped; a deleteObject fault may only address objects in the run\'s namespace'],
    ['fault-patch-node.yaml', 'Node is cluster-scoped; a patch fault may only address objects in the run\'s namespace'],
    ['fault-scale-pod.yaml', 'expected one of: Deployment, ReplicaSet, ReplicationController, StatefulSet'],
  ];
  for (const [file, message] of refused) {
    it(`refuses ${file} at load time: exit 2, not one request`, async () => {
      const { code, err } = await runCli(['run', path.join(CORPUS, file)], { kubeconfig });
      expect(code).to.equal(2);
      expect(err.join('\n')).to.include(message);
      expect(api.requests).to.deep.equal([]);
    });
  }

  it('patch, scale, label and deleteObject act on the run\'s objects only, though another namespace has the same names', async () => {
    // Another team's namespace with a Deployment, a pod and a ConfigMap of the very same names and labels.
    api.put({ kind: 'Namespace', metadata: { name: 'team-web' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const theirs = [
      api.put({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'team-web', labels: { app: 'web' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.20.2' }] } } } }),
      api.put({ kind: 'Pod', metadata: { name: 'web-theirs', namespace: 'team-web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.20.2' }] }, status: { phase: 'Running' } }),
      api.put({ kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'team-web' }, data: { greeting: 'hello' } }),
    ];
    const sim = new KubeletSimulator(api);
    sim.onPod((pod, namespace) => { if (namespace !== 'team-web') { sim.start(pod); sim.ready(pod, true); } });
    await writeFiles(dir, {
      'manifests/web.yaml': `${WEB_MANIFESTS}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  greeting: hello\n`,
    });
    const file = await writeFiles(dir, { 'object-faults.yaml': scenarioYaml('object-faults', `
    - waitFor:
        ready: { target: app=web }
    - fault:
        patch: { object: { kind: Deployment, name: web }, patch: { metadata: { annotations: { faultline.dev/touched: "yes" } } } }
    - fault:
        scale: { object: { kind: Deployment, name: web }, replicas: 2 }
    - fault:
        label: { target: app=web, set: { tier: debug } }
    - fault:
        deleteObject: { object: { kind: ConfigMap, name: web-config } }`) });

    const { code, err } = await runCli(['run', file, '--quiet'], { kubeconfig });
    expect(code, err.join('\n')).to.equal(0);

    const created = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/namespaces');
    const own = (created?.body as KubeObject | undefined)?.metadata.name;
    expect(own).to.match(/^fl-object-faults-/);
    const writes = api.requests.filter((r) => WRITES.has(r.method));
    const outside = writes.filter((r) => r.path !== '/api/v1/namespaces' && !r.path.includes(`/namespaces/${own}`));
    expect(outside.map((r) => `${r.method} ${r.path}`)).to.deep.equal([]);
    expect(writes.filter((r) => r.method === 'PATCH').length).to.be.at.least(3);
    expect(api.requests.some((r) => r.path.includes('/namespaces/team-web'))).to.equal(false);
    for (const object of theirs) {
      const resource = { Deployment: 'deployments', Pod: 'pods', ConfigMap: 'configmaps' }[object.kind]!;
      expect(api.get(resource, 'team-web', object.metadata.name!), `${object.kind} ${object.metadata.name}`).to.deep.equal(object);
    }
  });
});
