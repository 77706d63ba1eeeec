import { expect } from 'chai';
import { CoreV1Api, Watch, type KubernetesObject } from '@kubernetes/client-node';
import { CountingProxy } from '../../bench/support/counting-proxy.js';
import { execCommand } from '../../framework/cluster/exec-command.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';

describe('CountingProxy (bench): counts requests by verb and stamps watch events as they pass', () => {
  let api: FakeApiServer;
  let proxy: CountingProxy;

  beforeEach(async () => {
    api = await FakeApiServer.start();
    proxy = await CountingProxy.start(api.kubeConfig());
  });

  afterEach(async () => {
    await proxy.stop();
    await api.stop();
  });

  it('passes requests on with the kubeconfig\'s credentials and counts each by its Kubernetes verb', async () => {
    const core = proxy.kubeConfig().makeApiClient(CoreV1Api);
    await core.listNamespacedPod({ namespace: 'default' });
    await core.readNamespace({ name: 'default' });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'c' }, data: { a: '1' } } });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'c' });
    expect(proxy.countsSince()).to.deep.equal({ list: 1, get: 1, create: 1, delete: 1 });
    // The fake saw the same requests, authenticated by the token the proxy added.
    expect(api.requests.map((r) => r.verb)).to.deep.equal(['list', 'get', 'create', 'delete']);
    expect(api.get('configmaps', 'default', 'c')).to.equal(undefined);
  });

  it('counts from a mark: only the requests after it', async () => {
    const core = proxy.kubeConfig().makeApiClient(CoreV1Api);
    await core.listNamespacedPod({ namespace: 'default' });
    const mark = proxy.requests.length;
    await core.readNamespace({ name: 'default' });
    expect(proxy.countsSince(mark)).to.deep.equal({ get: 1 });
  });

  it('opens a watch at once, and stamps each event with the moment its bytes passed, by resourceVersion', async () => {
    const received: KubernetesObject[] = [];
    let arrived!: () => void;
    const first = new Promise<void>((resolve) => { arrived = resolve; });
    const before = performance.timeOrigin + performance.now();
    const controller = await new Watch(proxy.kubeConfig()).watch('/api/v1/namespaces/default/pods', { resourceVersion: api.resourceVersion },
      (_type, object: KubernetesObject) => { received.push(object); arrived(); }, () => undefined);
    const stored = api.put({ kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28' }] } });
    await first;
    controller.abort();
    const after = performance.timeOrigin + performance.now();
    const passed = proxy.deliveredAt(stored.metadata.resourceVersion ?? '');
    expect(passed).to.include({ type: 'ADDED', kind: 'Pod', name: 'p', namespace: 'default' });
    expect(passed!.at).to.be.within(before, after);
    expect(received.map((o) => o.metadata?.name)).to.deep.equal(['p']);
    expect(proxy.countsSince()).to.deep.equal({ watch: 1 });
  });

  it('passes exec websockets through both ways and counts them as exec', async () => {
    api.put({ kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28' }] }, status: { phase: 'Running' } });
    api.onExec((request) => ({ stdout: `ran ${request.command.join(' ')}`, exitCode: 3 }));
    const result = await execCommand(proxy.kubeConfig(), { namespace: 'default', pod: 'p', container: 'c', command: ['echo', 'hi'] });
    expect(result).to.include({ exitCode: 3, stdout: 'ran echo hi' });
    expect(proxy.countsSince()).to.deep.equal({ exec: 1 });
  });

  it('passes a refused exec upgrade on as the API server answered it', async () => {
    let error: unknown;
    try {
      await execCommand(proxy.kubeConfig(), { namespace: 'default', pod: 'missing', command: ['true'] });
    } catch (caught) {
      error = caught;
    }
    expect((error as { message?: string }).message).to.equal('Unexpected server response: 404');
    expect(proxy.countsSince()).to.deep.equal({ exec: 1 });
  });
});
