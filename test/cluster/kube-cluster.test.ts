import { expect } from 'chai';
import { ClusterRequestError } from '../../framework/cluster/api-errors.js';
import { ExecIncompleteError } from '../../framework/cluster/exec-command.js';
import { FIELD_MANAGER, KubeCluster } from '../../framework/cluster/kube-cluster.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { instantRetryPolicy } from './instant-retry-policy.js';
import { rejectionOf } from './rejection-of.js';

const RBAC_ADVICE = '(RBAC refused it: the user needs permission for this verb and resource; see docs/rbac.yaml)';

describe('KubeCluster', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let cluster: KubeCluster;
  let retried: Array<{ what: string; attempt: number }>;

  beforeEach(async () => {
    api = await FakeApiServer.start();
    retried = [];
    cluster = new KubeCluster({
      kubeConfig: api.kubeConfig(),
      retryPolicy: instantRetryPolicy().policy,
      onRetry: (what, attempt) => retried.push({ what, attempt }),
    });
    api.put({ kind: 'Namespace', metadata: { name: 'fl-run' } });
    api.put({
      kind: 'Pod', metadata: { name: 'web-1', namespace: 'fl-run' },
      spec: { containers: [{ name: 'web' }, { name: 'proxy' }] }, status: { phase: 'Running' },
    });
  });

  afterEach(async () => {
    await api.stop();
  });

  it('names its context and API server', () => {
    expect({ context: cluster.contextName, server: cluster.server }).to.deep.equal({ context: 'fake', server: api.url });
  });

  describe('exec', () => {
    it('runs the exact command in the named container and returns its output and exit code 3', async () => {
      api.onExec(() => ({ stdout: 'out', stderr: 'err', exitCode: 3 }));
      const result = await cluster.exec({ namespace: 'fl-run', pod: 'web-1', container: 'proxy', command: ['sh', '-c', 'exit 3'] });
      expect(result).to.deep.equal({ exitCode: 3, stdout: 'out', stderr: 'err' });
      expect(api.execs.map(({ pod, container, command }) => ({ pod, container, command })))
        .to.deep.equal([{ pod: 'web-1', container: 'proxy', command: ['sh', '-c', 'exit 3'] }]);
      expect(retried).to.deep.equal([]);
    });

    it('refuses with a ClusterRequestError saying 403 and giving RBAC advice, without retrying', async () => {
      api.failNext({ method: 'GET', path: /\/exec$/, status: 403 });
      const error = await rejectionOf(cluster.exec({ namespace: 'fl-run', pod: 'web-1', container: 'web', command: ['ls'] }));
      expect(error).to.be.instanceOf(ClusterRequestError);
      expect((error as Error).message).to.equal(`exec ["ls"] in pod web-1 failed with HTTP 403: Unexpected server response: 403 ${RBAC_ADVICE}`);
      expect({ upgrades: api.requests.filter((r) => r.verb === 'exec').length, execs: api.execs.length }).to.deep.equal({ upgrades: 1, execs: 0 });
    });

    it('refuses a missing pod with a ClusterRequestError saying 404', async () => {
      const error = await rejectionOf(cluster.exec({ namespace: 'fl-run', pod: 'gone', command: ['ls'] }));
      expect((error as ClusterRequestError).status).to.equal(404);
      expect((error as Error).message).to.equal('exec ["ls"] in pod gone failed with HTTP 404: Unexpected server response: 404 (the object does not exist: was it deleted, or is the name wrong?)');
    });

    it('retries an upgrade refused with 503 (the command never started) and runs the command once', async () => {
      api.failNext({ method: 'GET', path: /\/exec$/, status: 503 });
      const result = await cluster.exec({ namespace: 'fl-run', pod: 'web-1', container: 'web', command: ['true'] });
      expect(result.exitCode).to.equal(0);
      expect({ upgrades: api.requests.filter((r) => r.verb === 'exec').length, execs: api.execs.length }).to.deep.equal({ upgrades: 2, execs: 1 });
      expect(retried).to.deep.equal([{ what: 'exec ["true"] in pod web-1', attempt: 1 }]);
    });

    it('never runs a command again once it started, even when its session ended without a status', async () => {
      api.onExec(() => ({ omitStatus: true }));
      await rejectionOf(cluster.exec({ namespace: 'fl-run', pod: 'web-1', container: 'web', command: ['kill', '1'] }));
      expect(api.execs).to.have.length(1);
    });

    it('lets an ExecIncompleteError through unchanged, as killContainer expects', async () => {
      api.onExec(() => ({ omitStatus: true }));
      const error = await rejectionOf(cluster.exec({ namespace: 'fl-run', pod: 'web-1', container: 'web', command: ['kill', '1'] }));
      expect(error).to.be.instanceOf(ExecIncompleteError);
    });

    it('does not start a command when the signal has already aborted', async () => {
      const reason = new Error('interrupted');
      const error = await rejectionOf(cluster.exec({ namespace: 'fl-run', pod: 'web-1', container: 'web', command: ['ls'], signal: AbortSignal.abort(reason) }));
      expect(error).to.equal(reason);
      expect(api.requests.filter((r) => r.verb === 'exec')).to.deep.equal([]);
    });
  });

  describe('deletePod', () => {
    it('deletes with the grace period asked for and returns the Terminating pod', async () => {
      const pod = await cluster.deletePod({ namespace: 'fl-run', pod: 'web-1', gracePeriodSeconds: 2 });
      expect(pod?.metadata?.deletionTimestamp).to.be.instanceOf(Date);
      expect(pod?.metadata?.deletionGracePeriodSeconds).to.equal(2);
      const deletes = api.requests.filter((r) => r.verb === 'delete');
      expect(deletes.map((r) => [r.path, r.query.get('gracePeriodSeconds')])).to.deep.equal([['/api/v1/namespaces/fl-run/pods/web-1', '2']]);
    });

    it('answers undefined for a pod that is already gone (404): the goal is reached', async () => {
      expect(await cluster.deletePod({ namespace: 'fl-run', pod: 'gone' })).to.equal(undefined);
    });

    it('retries a 503, then deletes', async () => {
      api.failNext({ method: 'DELETE', status: 503 });
      await cluster.deletePod({ namespace: 'fl-run', pod: 'web-1' });
      expect(api.get('pods', 'fl-run', 'web-1')?.metadata.deletionTimestamp).to.be.a('string');
      expect(retried).to.deep.equal([{ what: 'delete pod web-1', attempt: 1 }]);
    });

    it('throws a ClusterRequestError with RBAC advice for a 403', async () => {
      api.failNext({ method: 'DELETE', status: 403 });
      const error = await rejectionOf(cluster.deletePod({ namespace: 'fl-run', pod: 'web-1' }));
      expect((error as Error).message).to.equal(`delete pod web-1 failed with HTTP 403: injected failure (HTTP 403) ${RBAC_ADVICE}`);
    });
  });

  describe('readPod', () => {
    it('reads a pod, and answers undefined for a missing one', async () => {
      expect((await cluster.readPod('fl-run', 'web-1'))?.spec?.containers.map((c) => c.name)).to.deep.equal(['web', 'proxy']);
      expect(await cluster.readPod('fl-run', 'gone')).to.equal(undefined);
    });

    it('retries a connection reset', async () => {
      api.failNext({ method: 'GET', path: /\/pods\/web-1$/, status: 0, reset: true });
      expect((await cluster.readPod('fl-run', 'web-1'))?.metadata?.name).to.equal('web-1');
      expect(retried).to.deep.equal([{ what: 'get pod web-1', attempt: 1 }]);
    });
  });

  describe('create', () => {
    it('creates the object in the namespace given, whatever its manifest says', async () => {
      const created = await cluster.create('fl-run', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'production' } });
      expect(created.metadata?.namespace).to.equal('fl-run');
      expect(api.get('configmaps', 'fl-run', 'settings')).to.not.equal(undefined);
      expect(api.list('configmaps', 'production')).to.deep.equal([]);
      const post = api.requests.find((r) => r.verb === 'create');
      expect({ path: post?.path, fieldManager: post?.query.get('fieldManager') })
        .to.deep.equal({ path: '/api/v1/namespaces/fl-run/configmaps', fieldManager: FIELD_MANAGER });
    });

    it('retries a 500, then creates exactly one object', async () => {
      api.failNext({ method: 'POST', status: 500 });
      await cluster.create('fl-run', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
      expect(api.list('configmaps', 'fl-run').map((c) => c.metadata.name)).to.deep.equal(['settings']);
      expect(retried).to.deep.equal([{ what: 'create ConfigMap settings', attempt: 1 }]);
    });

    it('names the object in the error when the API server rejects it', async () => {
      await cluster.create('fl-run', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
      const error = await rejectionOf(cluster.create('fl-run', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } }));
      expect((error as Error).message).to.equal('create ConfigMap settings failed with HTTP 409: configmaps "settings" already exists');
    });
  });

  describe('objects: readObject, patchObject, deleteObject', () => {
    const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } as const;
    const objectRequests = () => api.requests.filter((r) => r.verb !== 'discovery');

    beforeEach(() => {
      api.put({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'fl-run' },
        spec: {
          replicas: 3,
          // A field client-node 1.4's models do not know: typed serialization would drop it.
          futureField: { keep: true },
          template: { spec: { containers: [{ name: 'web', image: 'nginx:1.20.2', livenessProbe: { httpGet: { path: '/index.html', port: 80 } } }] } },
        },
      });
    });

    it('reads an object with every field the API server stores, and answers undefined for a missing one', async () => {
      const object = await cluster.readObject('fl-run', web);
      expect((object as { spec?: unknown } | undefined)?.spec).to.deep.include({ replicas: 3, futureField: { keep: true } });
      expect(await cluster.readObject('fl-run', { ...web, name: 'gone' })).to.equal(undefined);
      expect(objectRequests().map((r) => [r.verb, r.path])).to.deep.equal([
        ['get', '/apis/apps/v1/namespaces/fl-run/deployments/web'],
        ['get', '/apis/apps/v1/namespaces/fl-run/deployments/gone'],
      ]);
    });

    it('names a kind or group the API server does not serve, rather than calling the object missing', async () => {
      const misspelt = await rejectionOf(cluster.readObject('fl-run', { ...web, kind: 'Deploymnt' }));
      expect((misspelt as Error).message).to.equal('get Deploymnt web failed: the API server serves no kind Deploymnt in apps/v1 (is the kind or apiVersion misspelt?)');
      const group = await rejectionOf(cluster.patchObject('fl-run', { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' }, { spec: {} }, 'merge'));
      expect((group as Error).message).to.equal('patch Widget w failed: the API server serves no kind Widget in example.com/v1 (is the kind or apiVersion misspelt?)');
      expect(api.countWrites()).to.equal(0);
    });

    it('refuses a cluster-scoped kind asked for in the run\'s namespace, before any request that could reach the cluster\'s own object', async () => {
      const node = await rejectionOf(cluster.patchObject('fl-run', { apiVersion: 'v1', kind: 'Node', name: 'vm' }, { metadata: { labels: { x: 'y' } } }, 'merge'));
      expect((node as Error).message).to.equal('patch Node vm failed: Node (v1) is cluster-scoped: faults act only on objects in the run\'s namespace');
      const namespace = await rejectionOf(cluster.deleteObject('fl-run', { apiVersion: 'v1', kind: 'Namespace', name: 'kube-system' }));
      expect((namespace as Error).message).to.contain('Namespace (v1) is cluster-scoped');
      expect(objectRequests()).to.deep.equal([]);
    });

    it('sends a strategic patch exactly as written and returns the object as stored', async () => {
      const patch = {
        spec: { template: { spec: { containers: [{ name: 'web', livenessProbe: { httpGet: { path: '/healthz', port: 80 } } }] } } },
        metadata: { annotations: { 'faultline.dev/fault': 'probe' } },
      };
      const stored = await cluster.patchObject('fl-run', web, patch, 'strategic');
      expect((stored as { metadata?: { annotations?: unknown } }).metadata?.annotations).to.deep.equal({ 'faultline.dev/fault': 'probe' });
      const sent = objectRequests().find((r) => r.verb === 'patch');
      expect({ path: sent?.path, contentType: sent?.contentType, fieldManager: sent?.query.get('fieldManager'), body: sent?.body }).to.deep.equal({
        path: '/apis/apps/v1/namespaces/fl-run/deployments/web',
        contentType: 'application/strategic-merge-patch+json',
        fieldManager: FIELD_MANAGER,
        body: patch,
      });
    });

    it('keeps $patch directives and fields the typed models do not know in the body', async () => {
      const patch = { spec: { futureField: { also: 1 }, template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } };
      await cluster.patchObject('fl-run', web, patch, 'strategic');
      expect(objectRequests().find((r) => r.verb === 'patch')?.body).to.deep.equal(patch);
    });

    it('sends a merge patch as application/merge-patch+json', async () => {
      const stored = await cluster.patchObject('fl-run', web, { spec: { replicas: 10 } }, 'merge');
      expect((stored as { spec?: { replicas?: number } }).spec?.replicas).to.equal(10);
      expect(objectRequests().find((r) => r.verb === 'patch')?.contentType).to.equal('application/merge-patch+json');
      expect((api.get('deployments', 'fl-run', 'web')?.spec as { replicas?: number }).replicas).to.equal(10);
    });

    it('throws a ClusterRequestError with status 404 naming the patch of a missing object', async () => {
      const error = await rejectionOf(cluster.patchObject('fl-run', { ...web, name: 'gone' }, { spec: { replicas: 1 } }, 'merge'));
      expect((error as ClusterRequestError).status).to.equal(404);
      expect((error as Error).message).to.equal('patch Deployment gone failed with HTTP 404: deployments.apps "gone" not found (the object does not exist: was it deleted, or is the name wrong?)');
    });

    it('retries a 503, then patches once', async () => {
      api.failNext({ method: 'PATCH', status: 503 });
      await cluster.patchObject('fl-run', web, { spec: { replicas: 5 } }, 'merge');
      expect(objectRequests().filter((r) => r.verb === 'patch')).to.have.length(2);
      expect(retried).to.deep.equal([{ what: 'patch Deployment web', attempt: 1 }]);
    });

    it('refuses a 403 with RBAC advice, naming the request, without retrying', async () => {
      api.failNext({ method: 'PATCH', status: 403 });
      const error = await rejectionOf(cluster.patchObject('fl-run', web, { spec: { replicas: 5 } }, 'strategic'));
      expect((error as Error).message).to.equal(`patch Deployment web failed with HTTP 403: injected failure (HTTP 403) ${RBAC_ADVICE}`);
      expect(retried).to.deep.equal([]);
    });

    it('deletes with the grace period and propagation policy asked for', async () => {
      await cluster.deleteObject('fl-run', web, { gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
      const sent = objectRequests().filter((r) => r.verb === 'delete');
      expect(sent.map((r) => [r.path, r.query.get('gracePeriodSeconds'), r.query.get('propagationPolicy')]))
        .to.deep.equal([['/apis/apps/v1/namespaces/fl-run/deployments/web', '0', 'Foreground']]);
      expect(api.get('deployments', 'fl-run', 'web')).to.equal(undefined);
    });

    it('leaves a deleted pod Terminating for its grace period, as readObject shows', async () => {
      const pod = { apiVersion: 'v1', kind: 'Pod', name: 'web-1' };
      await cluster.deleteObject('fl-run', pod, { gracePeriodSeconds: 20 });
      const read = await cluster.readObject('fl-run', pod);
      expect(read?.metadata?.deletionTimestamp).to.be.instanceOf(Date);
      expect(read?.metadata?.deletionGracePeriodSeconds).to.equal(20);
    });

    it('counts an object that is already gone (404) as deleted', async () => {
      await cluster.deleteObject('fl-run', { ...web, name: 'gone' });
      expect(objectRequests().filter((r) => r.verb === 'delete')).to.have.length(1);
    });

    it('retries a connection reset, then deletes', async () => {
      api.failNext({ method: 'DELETE', status: 0, reset: true });
      await cluster.deleteObject('fl-run', web);
      expect(api.get('deployments', 'fl-run', 'web')).to.equal(undefined);
      expect(retried).to.deep.equal([{ what: 'delete Deployment web', attempt: 1 }]);
    });

    it('does not send a request when the signal has already aborted', async () => {
      const reason = new Error('interrupted');
      expect(await rejectionOf(cluster.patchObject('fl-run', web, { spec: { replicas: 1 } }, 'merge', AbortSignal.abort(reason)))).to.equal(reason);
      expect(api.countWrites()).to.equal(0);
    });
  });
});
