import { expect } from 'chai';
import { CoreV1Api } from '@kubernetes/client-node';
import { ClusterRequestError } from '../../framework/cluster/api-errors.js';
import { withRetry } from '../../framework/cluster/retry.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { instantRetryPolicy } from './instant-retry-policy.js';
import { rejectionOf } from './rejection-of.js';

const POD = { metadata: { name: 'web-1' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };

describe('withRetry against the API server', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let core: CoreV1Api;

  beforeEach(async () => {
    api = await FakeApiServer.start();
    core = api.kubeConfig().makeApiClient(CoreV1Api);
  });

  afterEach(async () => {
    await api.stop();
  });

  const listPods = () => core.listNamespacedPod({ namespace: 'default' });
  const listRequests = () => api.requests.filter((r) => r.verb === 'list').length;

  it('waits exactly the Retry-After of a 429, then succeeds', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 429, retryAfterSeconds: 7 });
    const { policy, waits } = instantRetryPolicy();
    const retries: number[] = [];
    const list = await withRetry(listPods, { what: 'list pods', policy, onRetry: (attempt) => retries.push(attempt) });
    expect(list.items).to.deep.equal([]);
    expect({ waits, retries, requests: listRequests() }).to.deep.equal({ waits: [7000], retries: [1], requests: 2 });
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 429, retryAfterSeconds: 600 });
    const { policy, waits } = instantRetryPolicy({ maxRetryAfterMs: 30_000 });
    await withRetry(listPods, { what: 'list pods', policy });
    expect(waits).to.deep.equal([30_000]);
  });

  it('does not wait out a Retry-After once no retry is left', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 429, retryAfterSeconds: 2, times: 2 });
    const { policy, waits } = instantRetryPolicy({ retries: 1 });
    const error = await rejectionOf(withRetry(listPods, { what: 'list pods', policy }));
    expect(error).to.be.instanceOf(ClusterRequestError);
    expect({ waits, requests: listRequests() }).to.deep.equal({ waits: [2000], requests: 2 });
  });

  it('retries 500 and 503 without any Retry-After wait, then succeeds', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 500 });
    api.failNext({ method: 'GET', path: /\/pods$/, status: 503 });
    const { policy, waits } = instantRetryPolicy();
    const retries: number[] = [];
    await withRetry(listPods, { what: 'list pods', policy, onRetry: (attempt) => retries.push(attempt) });
    expect({ waits, retries, requests: listRequests() }).to.deep.equal({ waits: [], retries: [1, 2], requests: 3 });
  });

  it('retries a connection reset, then succeeds', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 0, reset: true });
    const { policy } = instantRetryPolicy();
    const list = await withRetry(listPods, { what: 'list pods', policy });
    expect(list.items).to.deep.equal([]);
    expect(listRequests()).to.equal(2);
  });

  describe('fails at once on answers a retry cannot change', () => {
    const cases: Array<{ status: number; what: string; arrange: () => void; call: () => Promise<unknown>; apiMessage: string; advice?: string }> = [
      {
        status: 400, what: 'list pods',
        arrange: () => api.failNext({ method: 'GET', path: /\/pods$/, status: 400 }),
        call: () => listPods(), apiMessage: 'injected failure (HTTP 400)',
      },
      {
        status: 403, what: 'create pod web-1',
        arrange: () => api.failNext({ method: 'POST', path: /\/pods$/, status: 403 }),
        call: () => core.createNamespacedPod({ namespace: 'default', body: POD }),
        apiMessage: 'injected failure (HTTP 403)',
        advice: '(RBAC refused it: the user needs permission for this verb and resource; see docs/rbac.yaml)',
      },
      {
        status: 404, what: 'get pod nope', arrange: () => undefined,
        call: () => core.readNamespacedPod({ namespace: 'default', name: 'nope' }),
        apiMessage: 'pods "nope" not found', advice: '(the object does not exist: was it deleted, or is the name wrong?)',
      },
      {
        status: 409, what: 'create pod web-1',
        arrange: () => api.put({ kind: 'Pod', metadata: { name: 'web-1', namespace: 'default' } }),
        call: () => core.createNamespacedPod({ namespace: 'default', body: POD }),
        apiMessage: 'pods "web-1" already exists',
      },
      {
        status: 422, what: 'create nameless pod', arrange: () => undefined,
        call: () => core.createNamespacedPod({ namespace: 'default', body: { metadata: {} } }),
        apiMessage: 'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
      },
    ];

    for (const c of cases) {
      it(`${c.status}: one attempt, and the error names the request and quotes the API server`, async () => {
        c.arrange();
        const before = api.requests.length;
        const { policy, waits } = instantRetryPolicy();
        const retries: number[] = [];
        const error = await rejectionOf(withRetry(c.call, { what: c.what, policy, onRetry: (attempt) => retries.push(attempt) }));
        expect(error).to.be.instanceOf(ClusterRequestError);
        const refused = error as ClusterRequestError;
        expect({ status: refused.status, request: refused.request, detail: refused.detail }).to.deep.equal({ status: c.status, request: c.what, detail: c.apiMessage });
        expect(refused.message).to.equal(`${c.what} failed with HTTP ${c.status}: ${c.apiMessage}${c.advice ? ` ${c.advice}` : ''}`);
        expect({ attempts: api.requests.length - before, retries, waits }).to.deep.equal({ attempts: 1, retries: [], waits: [] });
      });
    }
  });

  it('gives up after the configured retries with a ClusterRequestError carrying the last status', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 503, times: 10 });
    const { policy } = instantRetryPolicy({ retries: 2 });
    const error = await rejectionOf(withRetry(listPods, { what: 'list pods', policy }));
    expect(error).to.be.instanceOf(ClusterRequestError);
    expect((error as ClusterRequestError).message).to.equal('list pods failed with HTTP 503 3 times (the API server kept failing; Faultline gave up retrying): the server is currently unable to handle the request');
    expect((error as ClusterRequestError).cause).to.have.property('code', 503);
    expect(listRequests()).to.equal(3);
  });

  it('stops retrying when the signal aborts during a Retry-After wait, rejecting with the abort reason', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 429, retryAfterSeconds: 5, times: 5 });
    const controller = new AbortController();
    const reason = new Error('interrupted by Ctrl-C');
    const { policy, waits } = instantRetryPolicy({
      wait: async (ms, signal) => {
        waits.push(ms);
        controller.abort(reason);
        signal?.throwIfAborted();
      },
    });
    const error = await rejectionOf(withRetry(listPods, { what: 'list pods', policy, signal: controller.signal }));
    expect(error).to.equal(reason);
    expect({ waits, requests: listRequests() }).to.deep.equal({ waits: [5000], requests: 1 });
  });

  it('stops retrying when the signal aborts between attempts', async () => {
    api.failNext({ method: 'GET', path: /\/pods$/, status: 503, times: 5 });
    const controller = new AbortController();
    const { policy } = instantRetryPolicy();
    const error = await rejectionOf(withRetry(listPods, {
      what: 'list pods', policy, signal: controller.signal, onRetry: () => controller.abort(new Error('stop')),
    }));
    expect((error as Error).message).to.equal('stop');
    expect(listRequests()).to.equal(1);
  });
});
