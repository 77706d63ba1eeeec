import { expect } from 'chai';
import { CoreV1Api } from '@kubernetes/client-node';
import { withRetry } from '../../framework/cluster/retry.js';
import { scenarioYaml } from '../integration/harness.js';
import { RENAME, WAIT_READY } from '../integration/scenario-rig.js';
import { FaultPlan, ScriptedFaults, type RequestIdentity } from '../support/fault-proxy/index.js';
import { FaultyCluster } from '../support/fault-proxy/faulty-cluster.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { FaultProxy } from '../support/fault-proxy/proxy.js';

const RESTARTS = scenarioYaml('outage', `${WAIT_READY}${RENAME}
    - name: the container restarts
      expect:
        restarts: { target: app=web, atLeast: 1, within: 30s }`);

/** What cleanup sends: the outage spares it, so the run's namespace still goes. */
const isCleanup = (request: RequestIdentity): boolean => request.method === 'DELETE'
  || (request.method === 'GET' && /^\/api\/v1\/namespaces\/[^/]+$/.test(request.path))
  || (request.path === '/api/v1/namespaces' && request.query.get('watch') === 'true');

describe('API faults that outlast the retries: the run says why it has no verdict', function () {
  this.timeout(20_000);
  let cluster: FaultyCluster;

  beforeEach(async () => { cluster = await FaultyCluster.create({ retries: 4 }); });
  afterEach(async () => { await cluster.stop(); });

  it('API down while the manifests are created: an error naming the request, the 503 and the 5 attempts, not a failure', async () => {
    const { proxy } = cluster;
    const firstCreate = proxy.hold((r) => r.method === 'POST' && r.path.endsWith('/deployments'));
    const run = await cluster.start(RESTARTS);
    await firstCreate.arrived;
    proxy.outage({ status: 503, spare: isCleanup });
    firstCreate.release();
    const result = await run.result;

    expect(result.verdict).to.equal('error');
    expect(result.message).to.include('Service web').and.include('create Service web failed with HTTP 503 5 times (the API server kept failing; Faultline gave up retrying)');
    expect(result.steps.map((s) => s.status)).to.deep.equal(['skipped', 'skipped', 'skipped']);
    expect(cluster.api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/services')), 'the Service never reached the API server').to.deep.equal([]);
    expect(cluster.api.get('namespaces', undefined, run.namespace)).to.equal(undefined);
  });

  it('API down during a fault (after the mv, before its check): the fault step is an error naming the check\'s exec and the outage', async () => {
    const { proxy } = cluster;
    const mv = proxy.hold((r) => r.upgrade);
    const run = await cluster.start(RESTARTS);
    await cluster.readyPod();
    await mv.arrived;
    proxy.outage({ status: 503, spare: isCleanup });
    mv.release();
    const result = await run.result;

    expect(result.verdict).to.equal('error');
    expect(result.steps.map((s) => s.status)).to.deep.equal(['passed', 'error', 'skipped']);
    expect(result.message).to.match(/^step 2 "rename index.html" error: renameFile: exec \["sh","-c","test ! -e .*\] in pod web-\w+ failed with HTTP 503 5 times \(the API server kept failing; Faultline gave up retrying\)/);
    expect(cluster.api.execs.map((e) => e.command[0]), 'the mv ran; its check never did').to.deep.equal(['mv']);
    expect(cluster.api.get('namespaces', undefined, run.namespace)).to.equal(undefined);
  });

  it('API down during cleanup: a passing run becomes an error naming the namespace left behind and `faultline sweep`', async () => {
    // As on a real cluster, a namespace whose deletion was accepted stays (Terminating) until its content is gone.
    await cluster.stop();
    cluster = await FaultyCluster.create({ retries: 4, server: { namespaceDeletion: 'manual' } });
    const { proxy } = cluster;
    const run = await cluster.start(scenarioYaml('passes-then-outage', WAIT_READY));
    // Cleanup's first request, the namespace's delete, gets through; the outage begins before the next, which ends its pods.
    const namespaceDelete = proxy.hold((r) => r.method === 'DELETE');
    await cluster.readyPod();
    await namespaceDelete.arrived;
    proxy.outage({ status: 'reset' });
    namespaceDelete.release();
    const result = await run.result;

    expect(result.verdict).to.equal('error');
    expect(result.message).to.match(new RegExp(`^the scenario passed, but cleanup failed: delete namespace ${run.namespace}: `
      + `delete the pods of namespace ${run.namespace} failed 5 times \\(the API server kept failing; Faultline gave up retrying\\): .*\\(run \`faultline sweep\` to retry\\)$`));
    expect(cluster.api.get('namespaces', undefined, run.namespace)?.metadata.labels).to.include({ 'app.kubernetes.io/managed-by': 'faultline' });
  });

  it('a create whose answer is lost after the object was made: the retry\'s 409 is taken as success, and the run passes', async () => {
    await cluster.stop();
    cluster = await FaultyCluster.create({
      faults: new ScriptedFaults([
        { matches: (r) => r.method === 'POST' && r.path.endsWith('/deployments'), fault: { kind: 'reset-response', framing: 'chunked' } },
        { matches: (r) => r.method === 'POST' && r.path === '/api/v1/namespaces', fault: { kind: 'reset-response', framing: 'chunked' } },
      ]),
    });
    const run = await cluster.start(scenarioYaml('lost-answers', WAIT_READY));
    await cluster.readyPod();
    const result = await run.result;

    expect(result.verdict, result.message).to.equal('passed');
    const posts = cluster.api.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('/').at(-1));
    expect(posts).to.deep.equal(['namespaces', 'namespaces', 'deployments', 'deployments', 'services']);
    expect(cluster.proxy.counts()).to.deep.equal({ 'reset-response': 2 });
  });
});

describe('the fault proxy itself', function () {
  this.timeout(10_000);
  let api: FakeApiServer;

  beforeEach(async () => { api = await FakeApiServer.start(); });
  afterEach(async () => { await api.stop(); });

  it('decides the same faults for a seed whatever order requests arrive in', () => {
    const request = (path: string, query = ''): RequestIdentity => ({ method: 'GET', path, query: new URLSearchParams(query), upgrade: false });
    const paths = Array.from({ length: 40 }, (_, i) => request(`/api/v1/namespaces/ns/pods/p${i % 7}`));
    const watches = Array.from({ length: 40 }, (_, i) => request('/api/v1/namespaces/ns/pods', `watch=true&resourceVersion=${i + 1}`));
    const inOrder = new FaultPlan(99);
    const forward = [...paths, ...watches].map((r) => JSON.stringify(inOrder.decide(r)) ?? "pass");
    // Another arrival order: watches first, then the pods by name, last name first. Each identity keeps its own sequence.
    const order = [...watches.map((r, i) => ({ r, i: i + 40 })), ...paths.map((r, i) => ({ r, i })).sort((a, b) => (b.i % 7) - (a.i % 7) || a.i - b.i)];
    const shuffled = new FaultPlan(99);
    const decided = new Map(order.map(({ r, i }) => [i, JSON.stringify(shuffled.decide(r)) ?? "pass"]));
    expect([...decided.keys()].sort((a, b) => a - b).map((i) => decided.get(i))).to.deep.equal(forward);
    expect(new Set(forward).size, 'the seed picks a mix of faults and passes').to.be.at.least(4);
    expect(forward.filter((f) => f.includes('"gone"')).length, 'resumed watches meet 410 Gone').to.be.greaterThan(0);
  });

  it('an answer cut off after announcing its length hangs client-node until the attempt timeout, which retries it', async () => {
    const proxy = await FaultProxy.start({
      target: api.url,
      plan: new ScriptedFaults([{ matches: (r) => r.path.endsWith('/pods'), fault: { kind: 'reset-response', framing: 'length' } }]),
    });
    try {
      const core = proxy.kubeConfig({ token: 'test-token' }).makeApiClient(CoreV1Api);
      const retries: string[] = [];
      const policy = { retries: 2, minTimeoutMs: 0, maxTimeoutMs: 0, maxRetryAfterMs: 0, attemptTimeoutMs: 200, wait: async () => undefined };
      const list = await withRetry(() => core.listNamespacedPod({ namespace: 'default' }), {
        what: 'list pods', policy, onRetry: (_attempt, error) => retries.push((error as Error).message),
      });
      expect(list.items).to.deep.equal([]);
      expect(retries).to.deep.equal(['list pods: no complete answer within 0.2s (the connection may have dropped mid-answer)']);
      expect(api.requests.filter((r) => r.verb === 'list')).to.have.length(2);
    } finally {
      await proxy.stop();
    }
  });
});
