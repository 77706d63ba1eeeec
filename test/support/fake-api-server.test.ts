import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import {
  ApiException, AppsV1Api, CoreV1Api, Exec, KubernetesObjectApi, PatchStrategy, Watch,
  type KubeConfig, type KubernetesObject, type V1Status,
} from '@kubernetes/client-node';
import { FakeApiServer } from './fake-api-server/index.js';

interface Seen {
  type: string;
  object: KubernetesObject & Record<string, unknown>;
}

/** A client-node Watch whose events can be awaited, so no test has to sleep. */
function watchWith(kc: KubeConfig, path: string, query: Record<string, string | boolean> = {}) {
  const events: Seen[] = [];
  const checks = new Set<() => void>();
  let finish: (err: unknown) => void = () => {};
  const done = new Promise<unknown>((resolve) => { finish = resolve; });
  const controller = new Watch(kc).watch(path, query, (type, object: Seen['object']) => {
    events.push({ type, object });
    for (const check of [...checks]) check();
  }, (err) => finish(err));
  const until = (predicate: (e: Seen) => boolean): Promise<Seen> => new Promise((resolve) => {
    const check = (): void => {
      const hit = events.find(predicate);
      if (!hit) return;
      checks.delete(check);
      resolve(hit);
    };
    checks.add(check);
    check();
  });
  return { events, done, controller, until };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function apiStatus(promise: Promise<unknown>): Promise<{ code: number; status: V1Status; headers: Record<string, string> }> {
  const error = await rejection(promise);
  if (!(error instanceof ApiException)) throw error;
  return { code: error.code, status: JSON.parse(error.body as string) as V1Status, headers: error.headers as Record<string, string> };
}

const pod = (name: string, labels: Record<string, string> = {}, namespace = 'default') => ({
  metadata: { name, namespace, labels }, spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] },
});

const name = (e: Seen): string | undefined => e.object.metadata?.name;

describe('FakeApiServer', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let kc: KubeConfig;
  let core: CoreV1Api;

  beforeEach(async () => {
    api = await FakeApiServer.start();
    kc = api.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
  });

  afterEach(async () => {
    await api.stop();
  });

  it('serves pods to CoreV1Api: create, selector lists, get, and graceful deletion', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('web-1', { app: 'web', tier: 'front' }) });
    await core.createNamespacedPod({ namespace: 'default', body: pod('db-1', { app: 'db' }) });

    const web = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app in (web),tier,!canary' });
    expect(web.items.map((p) => p.metadata?.name)).to.deep.equal(['web-1']);
    const notWeb = await core.listPodForAllNamespaces({ fieldSelector: 'metadata.name!=web-1,metadata.namespace=default' });
    expect(notWeb.items.map((p) => p.metadata?.name)).to.deep.equal(['db-1']);
    expect(Number(web.metadata?.resourceVersion)).to.be.greaterThan(0);

    const duplicate = await apiStatus(core.createNamespacedPod({ namespace: 'default', body: pod('web-1') }));
    expect(duplicate.code).to.equal(409);
    expect(duplicate.status).to.include({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', message: 'pods "web-1" already exists' });

    const watch = watchWith(kc, '/api/v1/namespaces/default/pods', { resourceVersion: web.metadata?.resourceVersion ?? '' });
    await api.waitForWatches(1);
    const terminating = await core.deleteNamespacedPod({ namespace: 'default', name: 'web-1' });
    expect(terminating.metadata?.deletionTimestamp).to.be.instanceOf(Date);
    expect(terminating.metadata?.deletionGracePeriodSeconds).to.equal(30);
    await watch.until((e) => e.type === 'MODIFIED' && name(e) === 'web-1');
    expect((await core.readNamespacedPod({ namespace: 'default', name: 'web-1' })).metadata?.deletionTimestamp).to.be.instanceOf(Date);

    api.finishPodDeletion('default', 'web-1');
    await watch.until((e) => e.type === 'DELETED' && name(e) === 'web-1');
    expect((await apiStatus(core.readNamespacedPod({ namespace: 'default', name: 'web-1' }))).status.reason).to.equal('NotFound');

    await core.deleteNamespacedPod({ namespace: 'default', name: 'db-1', gracePeriodSeconds: 0 });
    await watch.until((e) => e.type === 'DELETED' && name(e) === 'db-1');
    expect(watch.events.filter((e) => name(e) === 'db-1').map((e) => e.type)).to.deep.equal(['DELETED']);
  });

  it('server-side applies a Deployment through KubernetesObjectApi: creates it, then updates it', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    api.onCreate('deployments', (deployment, fake) => {
      fake.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${deployment.metadata.name ?? ''}-abc12`, namespace: deployment.metadata.namespace } });
    });
    const spec = { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } } };
    const manifest: KubernetesObject & { spec: typeof spec } = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec };
    const created = await objects.patch(manifest, undefined, undefined, 'faultline', true, PatchStrategy.ServerSideApply);
    expect(created.metadata?.generation).to.equal(1);
    expect(api.get('pods', 'default', 'web-abc12')).to.not.equal(undefined);

    const updated = await objects.patch({ ...manifest, spec: { ...spec, replicas: 3 } }, undefined, undefined, 'faultline', true, PatchStrategy.ServerSideApply);
    expect(updated.metadata?.generation).to.equal(2);
    expect(updated.metadata?.uid).to.equal(created.metadata?.uid);
    const read = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace: 'default', name: 'web' });
    expect(read.spec?.replicas).to.equal(3);

    const applies = api.requests.filter((r) => r.verb === 'patch');
    expect(applies).to.have.length(2);
    expect(applies[0]?.contentType).to.equal('application/apply-patch+yaml');
    expect(applies[0]?.query.get('fieldManager')).to.equal('faultline');
    expect(applies[0]?.query.get('force')).to.equal('true');
    expect(api.requests.some((r) => r.verb === 'discovery' && r.path === '/apis/apps/v1')).to.equal(true);
  });

  it('replays every change after a resourceVersion, then streams live changes', async () => {
    const start = api.resourceVersion;
    api.put({ kind: 'Pod', metadata: { name: 'a', namespace: 'default' } });
    api.update('pods', 'default', 'a', (p) => { p.status = { phase: 'Running' }; });
    api.put({ kind: 'Pod', metadata: { name: 'b', namespace: 'other-ns' } });
    const watch = watchWith(kc, '/api/v1/namespaces/default/pods', { resourceVersion: start });
    await watch.until((e) => e.type === 'MODIFIED');
    api.remove('pods', 'default', 'a');
    await watch.until((e) => e.type === 'DELETED');
    expect(watch.events.map((e) => `${e.type} ${name(e) ?? ''}`)).to.deep.equal(['ADDED a', 'MODIFIED a', 'DELETED a']);
    expect(watch.events[1]?.object['status']).to.deep.equal({ phase: 'Running' });
  });

  it('answers a watch from a compacted resourceVersion with one 410 Expired ERROR event, then ends it', async () => {
    const old = api.resourceVersion;
    api.put({ kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    api.compactHistory();
    const watch = watchWith(kc, '/api/v1/namespaces/default/configmaps', { resourceVersion: old });
    expect(await watch.done).to.equal(null);
    expect(watch.events).to.have.length(1);
    expect(watch.events[0]?.type).to.equal('ERROR');
    expect(watch.events[0]?.object).to.include({ kind: 'Status', code: 410, reason: 'Expired', message: `too old resource version: ${old} (${api.resourceVersion})` });

    api.expireNextWatch();
    const forced = watchWith(kc, '/api/v1/namespaces/default/configmaps', {});
    await forced.done;
    expect(forced.events.map((e) => e.type)).to.deep.equal(['ERROR']);
  });

  it('sends bookmarks at the current resourceVersion only to watches that allow them', async () => {
    const withBookmarks = watchWith(kc, '/api/v1/pods', { allowWatchBookmarks: true });
    const without = watchWith(kc, '/api/v1/pods', {});
    await api.waitForWatches(2);
    api.sendBookmarks();
    api.put({ kind: 'Pod', metadata: { name: 'after-bookmark', namespace: 'default' } });
    const bookmark = await withBookmarks.until((e) => e.type === 'BOOKMARK');
    await without.until((e) => name(e) === 'after-bookmark');
    expect(bookmark.object).to.deep.equal({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(Number(api.resourceVersion) - 1) } });
    expect(without.events.map((e) => e.type)).to.deep.equal(['ADDED']);
  });

  it('reports a dropped watch to client-node as an error, and a clean server-side end as null', async () => {
    const dropped = watchWith(kc, '/api/v1/pods', {});
    // Resolves once client-node has the response headers: a drop before them would be a failed fetch instead.
    await dropped.controller;
    api.dropWatches();
    const error = await dropped.done;
    expect(error).to.be.instanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).to.equal('ERR_STREAM_PREMATURE_CLOSE');
    expect(api.openWatchCount).to.equal(0);

    const ended = watchWith(kc, '/api/v1/pods', {});
    await api.waitForWatches(1);
    api.endWatches();
    expect(await ended.done).to.equal(null);
  });

  it('keeps stalled watches open and silent while new watches see changes', async () => {
    const stalled = watchWith(kc, '/api/v1/namespaces/default/pods', {});
    await api.waitForWatches(1);
    api.stallWatches();
    const fresh = watchWith(kc, '/api/v1/namespaces/default/pods', {});
    await api.waitForWatches(2);
    api.put({ kind: 'Pod', metadata: { name: 'unseen', namespace: 'default' } });
    await fresh.until((e) => name(e) === 'unseen');
    expect(stalled.events).to.deep.equal([]);
    expect(api.openWatchCount).to.equal(2);
  });

  describe('exec', () => {
    beforeEach(() => {
      api.put({ kind: 'Pod', metadata: { name: 'web-1', namespace: 'default' }, spec: { containers: [{ name: 'app' }] }, status: { phase: 'Running' } });
    });

    function run(command: string[], onStatus: (status: V1Status) => void = () => {}) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const text = { stdout: '', stderr: '' };
      stdout.on('data', (d: Buffer) => { text.stdout += d.toString(); });
      stderr.on('data', (d: Buffer) => { text.stderr += d.toString(); });
      const socket = new Exec(kc).exec('default', 'web-1', 'app', command, stdout, stderr, null, false, onStatus);
      return { socket, text };
    }

    it('delivers stdout, stderr and a NonZeroExitCode status for exit code 3', async () => {
      api.onExec(() => ({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 }));
      let resolveStatus: (s: V1Status) => void = () => {};
      const status = new Promise<V1Status>((resolve) => { resolveStatus = resolve; });
      const { socket, text } = run(['sh', '-c', 'exit 3'], (s) => resolveStatus(s));
      expect((await socket).protocol).to.equal('v4.channel.k8s.io');
      expect(await status).to.deep.equal({
        metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
        message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      });
      expect(text).to.deep.equal({ stdout: 'out\n', stderr: 'err\n' });
      expect(api.execs).to.deep.equal([{ namespace: 'default', pod: 'web-1', container: 'app', command: ['sh', '-c', 'exit 3'], stdin: false, stdout: true, stderr: true, tty: false }]);
    });

    it('closes the socket without any status when omitStatus is set', async () => {
      api.onExec(() => ({ stdout: 'partial', omitStatus: true }));
      let statusCalls = 0;
      const { socket, text } = run(['true'], () => { statusCalls++; });
      const ws = await socket;
      const code = await new Promise<number>((resolve) => ws.on('close', (c: number) => resolve(c)));
      expect({ code, statusCalls, stdout: text.stdout }).to.deep.equal({ code: 1000, statusCalls: 0, stdout: 'partial' });
    });

    it('refuses the upgrade for a missing pod (404) and for an injected 403', async () => {
      const missing = await rejection(new Exec(kc).exec('default', 'nope', 'app', ['ls'], new PassThrough(), null, null, false));
      expect((missing as { message: string }).message).to.equal('Unexpected server response: 404');
      api.failNext({ method: 'GET', path: /\/exec$/, status: 403 });
      const refused = await rejection(run(['ls']).socket);
      expect((refused as { message: string }).message).to.equal('Unexpected server response: 403');
      expect(api.requests.filter((r) => r.verb === 'exec')).to.have.length(2);
      expect(api.execs).to.deep.equal([]);
    });
  });

  it('injects a 429 with Retry-After that the client sees, then serves normally', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 429, retryAfterSeconds: 7 });
    const throttled = await apiStatus(core.listNamespacedPod({ namespace: 'default' }));
    expect(throttled.code).to.equal(429);
    expect(throttled.headers['retry-after']).to.equal('7');
    expect(throttled.status).to.include({ reason: 'TooManyRequests', code: 429 });
    expect((await core.listNamespacedPod({ namespace: 'default' })).items).to.deep.equal([]);

    const invalid = await apiStatus(core.createNamespacedPod({ namespace: 'default', body: { metadata: {} } }));
    expect(invalid.status.reason).to.equal('Invalid');
    expect(api.countWrites()).to.equal(1);
    expect(api.list('pods')).to.deep.equal([]);
  });

  it('deletes a namespace: Terminating, refuses new content, removes its objects, then itself', async () => {
    await api.stop();
    api = await FakeApiServer.start({ namespaceDeletion: 'manual' });
    kc = api.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'chaos' } } });
    await core.createNamespacedPod({ namespace: 'chaos', body: pod('p', {}, 'chaos') });
    await core.createNamespacedConfigMap({ namespace: 'chaos', body: { metadata: { name: 'cm' } } });
    const pods = watchWith(kc, '/api/v1/pods', { resourceVersion: api.resourceVersion });
    const namespaces = watchWith(kc, '/api/v1/namespaces', { resourceVersion: api.resourceVersion });
    await api.waitForWatches(2);

    await core.deleteNamespace({ name: 'chaos' });
    expect(api.get('namespaces', undefined, 'chaos')?.status).to.deep.equal({ phase: 'Terminating' });
    const refused = await apiStatus(core.createNamespacedConfigMap({ namespace: 'chaos', body: { metadata: { name: 'late' } } }));
    expect(refused.code).to.equal(403);
    expect(refused.status.message).to.equal('configmaps "late" is forbidden: unable to create new content in namespace chaos because it is being terminated');

    api.finishNamespaceDeletion('chaos');
    await pods.until((e) => e.type === 'DELETED' && name(e) === 'p');
    await namespaces.until((e) => e.type === 'DELETED' && name(e) === 'chaos');
    expect(namespaces.events.map((e) => e.type)).to.deep.equal(['MODIFIED', 'DELETED']);
    expect(api.list('configmaps', 'chaos')).to.deep.equal([]);
    const missing = await apiStatus(core.createNamespacedPod({ namespace: 'chaos', body: pod('q', {}, 'chaos') }));
    expect(missing.status).to.include({ code: 404, message: 'namespaces "chaos" not found' });
  });

  it('leaves the EndpointSlice groups out of discovery when endpointSlices is false', async () => {
    await api.stop();
    api = await FakeApiServer.start({ endpointSlices: false });
    const objects = KubernetesObjectApi.makeApiClient(api.kubeConfig());
    const error = await rejection(objects.list('discovery.k8s.io/v1beta1', 'EndpointSlice', 'default'));
    expect((error as ApiException<unknown>).code).to.equal(404);
    const endpoints = await objects.list('v1', 'Endpoints', 'default');
    expect(endpoints.items).to.deep.equal([]);
  });
});
