import { expect } from 'chai';
import { KubeCluster } from '../../framework/cluster/kube-cluster.js';
import { fastRetry } from '../integration/harness.js';
import { FakeApiServer, type KubeObjectInput } from '../support/fake-api-server/index.js';

/** A node and pods as the fake API server stores them (JSON, as the apiserver sends it). */
function nodeObject(name: string): KubeObjectInput {
  return { kind: 'Node', metadata: { name }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}

function podObject(namespace: string, name: string, nodeName: string, labels: Record<string, string> = { app: 'web' }): KubeObjectInput {
  return {
    kind: 'Pod', metadata: { name, namespace, labels },
    spec: { nodeName, containers: [{ name: 'web', image: 'nginx:1.20.2' }], terminationGracePeriodSeconds: 30 }, status: { phase: 'Running' },
  };
}

const evictionRequests = (api: FakeApiServer) => api.requests
  .filter((r) => r.path.endsWith('/eviction'))
  .map((r) => ({ method: r.method, path: r.path, apiVersion: (r.body as { apiVersion?: string } | undefined)?.apiVersion }));

describe('KubeCluster node operations over HTTP (fake API server)', () => {
  let api: FakeApiServer;
  let cluster: KubeCluster;

  async function start(version?: string): Promise<void> {
    api = await FakeApiServer.start(version === undefined ? {} : { version });
    api.put(nodeObject('vm'));
    api.put(nodeObject('vm-2'));
    for (const ns of ['fl-run-a1', 'other-team']) api.put({ kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    cluster = new KubeCluster({ kubeConfig: api.kubeConfig(), retryPolicy: fastRetry().policy });
  }

  afterEach(async () => {
    await api.stop();
  });

  it('reads a node, and answers undefined for one that does not exist', async () => {
    await start();
    expect((await cluster.readNode('vm-2'))?.metadata?.name).to.equal('vm-2');
    expect(await cluster.readNode('vm-9')).to.equal(undefined);
  });

  it('cordons with a merge patch of spec.unschedulable, and uncordons by removing it (as kubectl does)', async () => {
    await start();
    const cordoned = await cluster.setUnschedulable('vm-2', true);
    expect(cordoned.spec?.unschedulable).to.equal(true);
    expect(api.get('nodes', undefined, 'vm-2')?.spec).to.deep.equal({ unschedulable: true });
    await cluster.setUnschedulable('vm-2', false);
    expect(api.get('nodes', undefined, 'vm-2')?.spec).to.deep.equal({});
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => ({ path: r.path, contentType: r.contentType, body: r.body }))).to.deep.equal([
      { path: '/api/v1/nodes/vm-2', contentType: 'application/merge-patch+json', body: { spec: { unschedulable: true } } },
      { path: '/api/v1/nodes/vm-2', contentType: 'application/merge-patch+json', body: { spec: { unschedulable: null } } },
    ]);
  });

  it('lists the pods bound to a node across every namespace, with one spec.nodeName field selector', async () => {
    await start();
    api.put(podObject('fl-run-a1', 'web-a', 'vm-2'));
    api.put(podObject('other-team', 'db-0', 'vm-2', { app: 'db' }));
    api.put(podObject('fl-run-a1', 'web-b', 'vm'));
    const pods = await cluster.podsOnNode('vm-2');
    expect(pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort()).to.deep.equal(['fl-run-a1/web-a', 'other-team/db-0']);
    const lists = api.requests.filter((r) => r.verb === 'list' && r.path === '/api/v1/pods');
    expect(lists.map((r) => r.query.get('fieldSelector'))).to.deep.equal(['spec.nodeName=vm-2']);
  });

  it('evicts through policy/v1 on Kubernetes 1.22+: the pod turns Terminating', async () => {
    await start('v1.22.4');
    api.put(podObject('fl-run-a1', 'web-a', 'vm-2'));
    expect(await cluster.evictPod('fl-run-a1', 'web-a')).to.deep.equal({ evicted: true });
    expect(evictionRequests(api)).to.deep.equal([{ method: 'POST', path: '/api/v1/namespaces/fl-run-a1/pods/web-a/eviction', apiVersion: 'policy/v1' }]);
    expect(api.get('pods', 'fl-run-a1', 'web-a')?.metadata.deletionTimestamp).to.be.a('string');
  });

  it('falls back to policy/v1beta1 on a cluster before 1.22 (the local 1.20 cluster), and remembers it', async () => {
    await start('v1.20.2');
    api.put(podObject('fl-run-a1', 'web-a', 'vm-2'));
    api.put(podObject('fl-run-a1', 'web-b', 'vm-2'));
    expect(await cluster.evictPod('fl-run-a1', 'web-a')).to.deep.equal({ evicted: true });
    expect(await cluster.evictPod('fl-run-a1', 'web-b')).to.deep.equal({ evicted: true });
    expect(evictionRequests(api).map((r) => `${r.path.split('/')[6]} ${r.apiVersion}`)).to.deep.equal([
      'web-a policy/v1', 'web-a policy/v1beta1', 'web-b policy/v1beta1',
    ]);
    expect(api.get('pods', 'fl-run-a1', 'web-b')?.metadata.deletionTimestamp).to.be.a('string');
  });

  it('a disruption budget refusal (429) is an answer naming the budget, not an error, and is not retried', async () => {
    await start('v1.22.4');
    api.put(podObject('fl-run-a1', 'web-a', 'vm-2'));
    api.setDisruptionBudget({ namespace: 'fl-run-a1', name: 'web-pdb', selector: { app: 'web' }, minAvailable: 3, healthy: 3 });
    expect(await cluster.evictPod('fl-run-a1', 'web-a')).to.deep.equal({
      evicted: false,
      reason: "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web-pdb needs 3 healthy pods and has 3 currently",
    });
    expect(evictionRequests(api)).to.have.length(1);
    expect(api.get('pods', 'fl-run-a1', 'web-a')?.metadata.deletionTimestamp).to.equal(undefined);
    api.setDisruptionBudget({ namespace: 'fl-run-a1', name: 'web-pdb', selector: { app: 'web' }, minAvailable: 3, healthy: 4 });
    expect(await cluster.evictPod('fl-run-a1', 'web-a')).to.deep.equal({ evicted: true });
  });

  it('a pod already gone counts as evicted', async () => {
    await start('v1.22.4');
    expect(await cluster.evictPod('fl-run-a1', 'gone-0')).to.deep.equal({ evicted: true });
  });
});
