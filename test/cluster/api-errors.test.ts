import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { CoreV1Api, Exec, Watch, type KubeConfig } from '@kubernetes/client-node';
import {
  apiMessageOf, ClusterRequestError, isTransient, networkCodeOf, retryAfterMsOf, statusCodeOf,
} from '../../framework/cluster/api-errors.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { rejectionOf } from './rejection-of.js';

/** The error a client-node Watch hands its done callback. */
function watchError(kc: KubeConfig, path: string): Promise<unknown> {
  return new Promise((resolve) => {
    void new Watch(kc).watch(path, {}, () => undefined, (error) => resolve(error));
  });
}

/** How api-errors sees one error, in one object so a mismatch shows all of it. */
function classify(error: unknown) {
  return {
    status: statusCodeOf(error), network: networkCodeOf(error), transient: isTransient(error), retryAfterMs: retryAfterMsOf(error),
  };
}

describe('recognising API errors as client-node reports them', function () {
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

  it('an ApiException for 404: permanent, explained by the Status message', async () => {
    const error = await rejectionOf(core.readNamespacedPod({ namespace: 'default', name: 'nope' }));
    expect(classify(error)).to.deep.equal({ status: 404, network: undefined, transient: false, retryAfterMs: undefined });
    expect(apiMessageOf(error)).to.equal('pods "nope" not found');
  });

  it('an ApiException for 429 with Retry-After: transient, with the wait in milliseconds', async () => {
    api.failNext({ status: 429, retryAfterSeconds: 7 });
    const error = await rejectionOf(core.listNamespacedPod({ namespace: 'default' }));
    expect(classify(error)).to.deep.equal({ status: 429, network: undefined, transient: true, retryAfterMs: 7000 });
  });

  it('a watch refused with 503 (statusCode on a plain Error): transient', async () => {
    api.failNext({ status: 503 });
    expect(classify(await watchError(kc, '/api/v1/pods'))).to.include({ status: 503, transient: true });
  });

  it('an exec upgrade refused with 403 (status only in the message text): permanent', async () => {
    api.put({ kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } });
    api.failNext({ status: 403 });
    const error = await rejectionOf(new Exec(kc).exec('default', 'p', 'c', ['ls'], new PassThrough(), null, null, false));
    expect(classify(error)).to.include({ status: 403, transient: false });
    expect(ClusterRequestError.from('exec ls', error).message).to.include('HTTP 403').and.include('RBAC refused it');
  });

  it('a connection reset: transient, with its network code', async () => {
    api.failNext({ status: 0, reset: true });
    const error = await rejectionOf(core.listNamespacedPod({ namespace: 'default' }));
    expect(classify(error)).to.deep.equal({ status: undefined, network: 'ECONNRESET', transient: true, retryAfterMs: undefined });
  });

  it('a closed port: transient, ECONNREFUSED', async () => {
    const gone = await FakeApiServer.start();
    const client = gone.kubeConfig().makeApiClient(CoreV1Api);
    await gone.stop();
    const error = await rejectionOf(client.listNamespacedPod({ namespace: 'default' }));
    expect(classify(error)).to.include({ network: 'ECONNREFUSED', transient: true });
  });

  it('explains a 401 in one line, without the response headers', async () => {
    api.failNext({ status: 401 });
    const error = await rejectionOf(core.readNamespacedPod({ namespace: 'default', name: 'p' }));
    const message = ClusterRequestError.from('get pod p', error).message;
    expect(message).to.equal('get pod p failed with HTTP 401: Unauthorized (the credentials in the kubeconfig were rejected: are they expired?)');
  });
});
