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
});
