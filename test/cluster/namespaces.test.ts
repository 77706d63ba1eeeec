import { expect } from 'chai';
import { hostname } from 'node:os';
import { KubeCluster } from '../../framework/cluster/kube-cluster.js';
import {
  ANNOTATIONS, createRunNamespace, deleteNamespaceAndWait, LABELS, MANAGED_BY, namespaceName, sweepNamespaces,
} from '../../framework/cluster/namespaces.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { instantRetryPolicy } from './instant-retry-policy.js';
import { rejectionOf } from './rejection-of.js';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('namespaceName', () => {
  it('is fl-<scenario>-<runId>', () => {
    expect(namespaceName('http-liveness-rename', 'a1b2c3')).to.equal('fl-http-liveness-rename-a1b2c3');
  });

  it('turns any name into a valid DNS-1123 label', () => {
    expect(namespaceName('Pod Restarts: probe_fails!', 'a1b2c3')).to.equal('fl-pod-restarts-probe-fails-a1b2c3');
    expect(namespaceName('--edge--', 'a1b2c3')).to.match(DNS_1123_LABEL);
  });

  it('stays within 63 characters for long scenario names, without a hyphen left dangling at the cut', () => {
    for (const scenario of ['x'.repeat(200), `${'a'.repeat(52)}-${'b'.repeat(20)}`, 'readiness-fails-then-recovers-after-file-is-restored-on-every-replica']) {
      const name = namespaceName(scenario, 'a1b2c3');
      expect(name.length, name).to.be.at.most(63);
      expect(name, name).to.match(DNS_1123_LABEL).and.not.include('--');
      expect(name.endsWith('-a1b2c3'), name).to.equal(true);
    }
  });
});

describe('run namespaces on the API server', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let cluster: KubeCluster;

  beforeEach(async () => {
    api = await FakeApiServer.start({ namespaceDeletion: 'manual' });
    cluster = new KubeCluster({ kubeConfig: api.kubeConfig(), retryPolicy: instantRetryPolicy().policy });
  });

  afterEach(async () => {
    await api.stop();
  });

  it('createRunNamespace labels the namespace for sweeping and annotates who started it, from which file', async () => {
    const before = Date.now();
    await createRunNamespace(cluster, { name: 'fl-probe-a1b2c3', runId: 'a1b2c3', scenario: 'probe', file: 'scenarios/probe.yaml' });
    const metadata = api.get('namespaces', undefined, 'fl-probe-a1b2c3')?.metadata;
    expect(metadata?.labels).to.deep.equal({ [LABELS.managedBy]: MANAGED_BY, [LABELS.run]: 'a1b2c3', [LABELS.scenario]: 'probe' });
    const { [ANNOTATIONS.startedAt]: startedAt, ...rest } = metadata?.annotations ?? {};
    expect(rest).to.deep.equal({ [ANNOTATIONS.file]: 'scenarios/probe.yaml', [ANNOTATIONS.owner]: `${hostname()}/${process.pid}` });
    expect(Date.parse(startedAt ?? '')).to.be.within(before, Date.now());
  });

  describe('deleteNamespaceAndWait', () => {
    beforeEach(() => {
      api.put({ kind: 'Namespace', metadata: { name: 'fl-run' } });
      api.put({ kind: 'ConfigMap', metadata: { name: 'c', namespace: 'fl-run' } });
    });

    it('resolves only when the DELETED event arrives, not when the delete is accepted', async () => {
      let settled = false;
      const deleting = deleteNamespaceAndWait(cluster, 'fl-run', { timeoutMs: 60_000 }).finally(() => { settled = true; });
      await api.waitForWatches(1);
      expect(api.get('namespaces', undefined, 'fl-run')?.status).to.deep.equal({ phase: 'Terminating' });
      expect(settled).to.equal(false);
      const watch = api.requests.find((r) => r.verb === 'watch');
      expect(watch?.query.get('fieldSelector')).to.equal('metadata.name=fl-run');

      api.finishNamespaceDeletion('fl-run');
      await deleting;
      expect(api.get('namespaces', undefined, 'fl-run')).to.equal(undefined);
    });

    it('keeps waiting through a dropped watch', async () => {
      const deleting = deleteNamespaceAndWait(cluster, 'fl-run', { timeoutMs: 60_000 });
      await api.waitForWatches(1);
      api.dropWatches();
      await api.waitForWatches(1);
      api.finishNamespaceDeletion('fl-run');
      await deleting;
      expect(api.requests.filter((r) => r.verb === 'watch')).to.have.length(2);
    });

    it('resolves when the namespace went while its watch was silent, once that watch drops', async () => {
      const deleting = deleteNamespaceAndWait(cluster, 'fl-run', { timeoutMs: 60_000 });
      await api.waitForWatches(1);
      api.stallWatches();
      api.finishNamespaceDeletion('fl-run');
      api.dropWatches();
      await deleting;
      expect(api.requests.filter((r) => r.verb === 'get').map((r) => r.path)).to.deep.equal(['/api/v1/namespaces/fl-run', '/api/v1/namespaces/fl-run']);
    });

    it('resolves at once for a namespace that is already gone', async () => {
      await deleteNamespaceAndWait(cluster, 'never-was', { timeoutMs: 60_000 });
      expect(api.requests.map((r) => r.verb)).to.deep.equal(['delete']);
    });

    it('ends the pods at once (grace period 0) once the namespace is terminating, so no controller can replace them', async () => {
      const deleting = deleteNamespaceAndWait(cluster, 'fl-run', { timeoutMs: 60_000 });
      await api.waitForWatches(1);
      const [namespace, pods] = api.requests.filter((r) => r.verb === 'deletecollection' || r.verb === 'delete');
      expect(namespace?.path).to.equal('/api/v1/namespaces/fl-run');
      expect(pods?.path).to.equal('/api/v1/namespaces/fl-run/pods');
      expect(pods?.query.get('gracePeriodSeconds')).to.equal('0');
      api.finishNamespaceDeletion('fl-run');
      await deleting;
    });

    it('times out with a message naming the namespace and what still holds it', async () => {
      api.update('namespaces', undefined, 'fl-run', (ns) => {
        ns.status = { phase: 'Active', conditions: [{ type: 'NamespaceFinalizersRemaining', status: 'True', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' }] };
      });
      // The timeout runs on a real timer (deleteNamespaceAndWait takes no Clock): keep it tiny.
      const error = await rejectionOf(deleteNamespaceAndWait(cluster, 'fl-run', { timeoutMs: 20 }));
      expect((error as Error).message).to.equal('namespace fl-run is still there after 0.02s: NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    });
  });

  describe('sweepNamespaces', () => {
    const HOUR = 3_600_000;
    const now = Date.parse('2026-06-01T12:00:00Z');
    const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const managed = { [LABELS.managedBy]: MANAGED_BY };

    beforeEach(() => {
      api.put({ kind: 'Namespace', metadata: { name: 'fl-old-1', labels: managed, creationTimestamp: at(now - 3 * HOUR) } });
      api.put({ kind: 'Namespace', metadata: { name: 'fl-old-2', labels: managed, creationTimestamp: at(now - 2 * HOUR) } });
      api.put({ kind: 'Namespace', metadata: { name: 'fl-fresh', labels: managed, creationTimestamp: at(now - 60_000) } });
      api.put({ kind: 'Namespace', metadata: { name: 'fl-lookalike', labels: { [LABELS.managedBy]: 'helm' }, creationTimestamp: at(now - 3 * HOUR) } });
      api.put({ kind: 'Namespace', metadata: { name: 'team-a', creationTimestamp: at(now - 3 * HOUR) } });
    });

    const finishEachDeletion = () => {
      // The namespace controller, played by the test: finish each namespace as soon as it is Terminating.
      for (const ns of api.list('namespaces')) if (ns.metadata.deletionTimestamp) api.finishNamespaceDeletion(ns.metadata.name ?? '');
    };

    it('deletes only namespaces labelled managed-by=faultline that are older than olderThanMs', async () => {
      const sweeping = sweepNamespaces(cluster, { olderThanMs: HOUR, now, timeoutMs: 60_000 });
      await api.waitForWatches(2);
      finishEachDeletion();
      const { deleted, problems } = await sweeping;
      expect({ deleted, problems }).to.deep.equal({ deleted: ['fl-old-1', 'fl-old-2'], problems: [] });
      expect(api.list('namespaces').map((ns) => ns.metadata.name)).to.have.members(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'fl-fresh', 'fl-lookalike', 'team-a']);
      const list = api.requests.find((r) => r.verb === 'list');
      expect(list?.query.get('labelSelector')).to.equal(`${LABELS.managedBy}=${MANAGED_BY}`);
      expect(api.requests.filter((r) => r.verb === 'delete').map((r) => r.path)).to.have.members(['/api/v1/namespaces/fl-old-1', '/api/v1/namespaces/fl-old-2']);
    });

    it('deletes every managed namespace when olderThanMs is not given', async () => {
      const sweeping = sweepNamespaces(cluster, { now, timeoutMs: 60_000 });
      await api.waitForWatches(3);
      finishEachDeletion();
      expect((await sweeping).deleted).to.have.members(['fl-old-1', 'fl-old-2', 'fl-fresh']);
    });

    it('reports a namespace that would not go as a problem, and still deletes the others', async () => {
      const sweeping = sweepNamespaces(cluster, { olderThanMs: HOUR, now, timeoutMs: 100 });
      await api.waitForWatches(2);
      api.finishNamespaceDeletion('fl-old-1');
      const { problems } = await sweeping;
      expect(problems).to.deep.equal(['namespace fl-old-2 is still there after 0.1s: phase Terminating']);
      expect(api.get('namespaces', undefined, 'fl-old-1')).to.equal(undefined);
    });
  });
});
