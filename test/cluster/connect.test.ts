import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import {
  checkReachable, ClusterUnreachableError, KubeConfigError, loadKubeConfig,
} from '../../framework/cluster/connect.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { rejectionOf } from './rejection-of.js';

/** A kubeconfig with the contexts `fake` (current) and `kind-kind`, both pointing at `server`. */
function kubeconfigText(server: string): string {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }, { name: 'kind', server, skipTLSVerify: true }],
    users: [{ name: 'fake', token: 'test-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }, { name: 'kind-kind', cluster: 'kind', user: 'fake' }],
    currentContext: 'fake',
  });
  return kc.exportConfig();
}

/** The checks every unreachable-cluster message must pass: one paragraph a person can act on. */
function expectOneTeachingParagraph(message: string, context: string, server: string): void {
  expect(message).to.not.match(/[\r\n]/);
  expect(message).to.not.match(/\bat .*\(.*:\d+:\d+\)|\.js:\d+/, 'no stack trace text');
  expect(message).to.include(`context "${context}"`).and.include(`API server ${server}`);
  expect(message).to.include('kind create cluster').and.include('k3s').and.include('KUBECONFIG=path').and.include('--kubeconfig').and.include('--context');
}

describe('connecting to a cluster', function () {
  this.timeout(10_000);
  let directory: string;
  let api: FakeApiServer;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'faultline-connect-'));
    api = await FakeApiServer.start({ version: 'v1.25.3' });
  });

  afterEach(async () => {
    await api.stop();
    await rm(directory, { recursive: true, force: true });
  });

  async function kubeconfigFile(server: string): Promise<string> {
    const file = join(directory, 'config');
    await writeFile(file, kubeconfigText(server));
    return file;
  }

  describe('loadKubeConfig', () => {
    it('selects the context asked for', async () => {
      const kc = loadKubeConfig({ kubeconfig: await kubeconfigFile(api.url), context: 'kind-kind' });
      expect(kc.getCurrentContext()).to.equal('kind-kind');
    });

    it('names the missing context, the file, and the contexts that do exist', async () => {
      const file = await kubeconfigFile(api.url);
      const error = await rejectionOf((async () => loadKubeConfig({ kubeconfig: file, context: 'prod' }))());
      expect(error).to.be.instanceOf(KubeConfigError);
      expect((error as Error).message).to.equal(`context "prod" is not in the kubeconfig (${file}); contexts there: fake, kind-kind`);
    });

    it('explains in one paragraph how to point at a cluster when no kubeconfig exists at all', async () => {
      const saved = { HOME: process.env['HOME'], KUBECONFIG: process.env['KUBECONFIG'], KUBERNETES_SERVICE_HOST: process.env['KUBERNETES_SERVICE_HOST'] };
      process.env['HOME'] = directory;
      delete process.env['KUBECONFIG'];
      delete process.env['KUBERNETES_SERVICE_HOST'];
      try {
        const error = await rejectionOf((async () => loadKubeConfig({}))());
        expect(error).to.be.instanceOf(ClusterUnreachableError);
        const message = (error as Error).message;
        expect(message).to.not.match(/[\r\n]/);
        expect(message).to.include(`${join(directory, '.kube', 'config')} does not exist`).and.include('kind create cluster').and.include('--kubeconfig');
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    });

    it('names a kubeconfig file it cannot read', async () => {
      const missing = join(directory, 'absent');
      const error = await rejectionOf((async () => loadKubeConfig({ kubeconfig: missing }))());
      expect(error).to.be.instanceOf(KubeConfigError);
      expect((error as Error).message).to.match(new RegExp(`^could not read the kubeconfig ${missing}: .*ENOENT`));
    });
  });

  describe('checkReachable', () => {
    it("returns the API server's gitVersion", async () => {
      expect(await checkReachable(api.kubeConfig())).to.equal('v1.25.3');
      expect(api.requests.map((r) => r.path)).to.deep.equal(['/version']);
    });

    it('rejects for a closed port with one paragraph naming the context and server and how to point at a cluster', async () => {
      const gone = await FakeApiServer.start();
      const kc = gone.kubeConfig();
      const server = gone.url;
      await gone.stop();
      const error = await rejectionOf(checkReachable(kc, { kubeconfig: '/home/me/.kube/config' }));
      expect(error).to.be.instanceOf(ClusterUnreachableError);
      const message = (error as Error).message;
      expectOneTeachingParagraph(message, 'fake', server);
      expect(message).to.include('kubeconfig /home/me/.kube/config').and.include('ECONNREFUSED');
    });

    it('rejects with the same kind of paragraph when the server refuses the credentials', async () => {
      const file = await kubeconfigFile(api.url);
      const kc = loadKubeConfig({ kubeconfig: file });
      api.failNext({ path: /^\/version$/, status: 401 });
      const error = await rejectionOf(checkReachable(kc, { kubeconfig: file }));
      expect(error).to.be.instanceOf(ClusterUnreachableError);
      expectOneTeachingParagraph((error as Error).message, 'fake', api.url);
      expect((error as Error).message).to.include('got HTTP 401: Unauthorized.');
    });

    it('gives up after timeoutMs when the server accepts connections but never answers', async () => {
      const sockets = new Set<Socket>();
      const silent: Server = createServer((socket) => { sockets.add(socket); });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const address = silent.address();
      const server = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      try {
        const kc = loadKubeConfig({ kubeconfig: await kubeconfigFile(server) });
        // checkReachable's timeout is client-node's own AbortSignal.timeout: real time, kept tiny.
        const error = await rejectionOf(checkReachable(kc, { timeoutMs: 50 }));
        expect(error).to.be.instanceOf(ClusterUnreachableError);
        expectOneTeachingParagraph((error as Error).message, 'fake', server);
        expect((error as Error).message).to.include('got no answer within 0.05s.');
      } finally {
        const closed = new Promise<void>((resolve) => silent.close(() => resolve()));
        sockets.forEach((socket) => socket.destroy());
        await closed;
      }
    });
  });
});
