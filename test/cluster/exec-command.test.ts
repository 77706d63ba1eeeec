import { expect } from 'chai';
import type { KubeConfig } from '@kubernetes/client-node';
import { execCommand, ExecIncompleteError } from '../../framework/cluster/exec-command.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { rejectionOf } from './rejection-of.js';

describe('execCommand', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let kc: KubeConfig;

  beforeEach(async () => {
    api = await FakeApiServer.start();
    kc = api.kubeConfig();
    api.put({
      kind: 'Pod', metadata: { name: 'web-1', namespace: 'default' },
      spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] }, status: { phase: 'Running' },
    });
    api.put({ kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { containers: [{ name: 'only' }] }, status: { phase: 'Running' } });
  });

  afterEach(async () => {
    await api.stop();
  });

  it('sends the exact command to the named container and returns stdout, stderr and exit code 3', async () => {
    api.onExec(() => ({ stdout: 'moved\n', stderr: 'warning: x\n', exitCode: 3 }));
    const result = await execCommand(kc, { namespace: 'default', pod: 'web-1', container: 'sidecar', command: ['sh', '-c', 'mv a b; exit 3'] });
    expect(result).to.deep.equal({ exitCode: 3, stdout: 'moved\n', stderr: 'warning: x\n' });
    expect(api.execs).to.deep.equal([{
      namespace: 'default', pod: 'web-1', container: 'sidecar', command: ['sh', '-c', 'mv a b; exit 3'],
      stdin: false, stdout: true, stderr: true, tty: false,
    }]);
  });

  it('resolves only when the command has ended, not when the socket opens', async () => {
    // Output and status come 20 ms after the socket opened: resolving at open would miss both.
    api.onExec(() => ({ stdout: 'done', exitCode: 0, delayMs: 20 }));
    const result = await execCommand(kc, { namespace: 'default', pod: 'solo', command: ['sleep', '0.02'] });
    expect(result).to.deep.equal({ exitCode: 0, stdout: 'done', stderr: '' });
  });

  it("runs in the pod's only container when none is named", async () => {
    await execCommand(kc, { namespace: 'default', pod: 'solo', command: ['true'] });
    expect(api.execs.map((e) => e.container)).to.deep.equal(['only']);
  });

  it('treats a session that closes without a channel-3 status as incomplete, never as success', async () => {
    api.onExec(() => ({ stdout: 'partial', omitStatus: true }));
    const error = await rejectionOf(execCommand(kc, { namespace: 'default', pod: 'solo', command: ['kill', '1'] }));
    expect(error).to.be.instanceOf(ExecIncompleteError);
    expect((error as Error).message).to.equal('exec ["kill","1"] in pod solo ended without an exit status (the container may have stopped, or the connection dropped)');
  });

  it('treats an abruptly dropped session as incomplete', async () => {
    api.onExec(() => ({ stdout: 'partial', closeAbruptly: true }));
    const error = await rejectionOf(execCommand(kc, { namespace: 'default', pod: 'web-1', container: 'app', command: ['kill', '1'] }));
    expect(error).to.be.instanceOf(ExecIncompleteError);
    expect((error as Error).message).to.include('exec ["kill","1"] in web-1/app ended without an exit status');
  });

  it('gives up after timeoutMs with an ExecIncompleteError', async () => {
    // execCommand's timeout runs on a real timer (it takes no Clock): keep it tiny.
    api.onExec(() => ({ exitCode: 0, delayMs: 5_000 }));
    const error = await rejectionOf(execCommand(kc, { namespace: 'default', pod: 'solo', command: ['sleep', '5'], timeoutMs: 30 }));
    expect(error).to.be.instanceOf(ExecIncompleteError);
    expect((error as Error).message).to.equal('exec ["sleep","5"] in pod solo did not finish within 0.03s');
  });

  it('rejects with the abort reason when the signal aborts while the session is opening', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    api.onExec(() => {
      controller.abort(reason);
      return { exitCode: 0, delayMs: 2_000 };
    });
    const error = await rejectionOf(execCommand(kc, { namespace: 'default', pod: 'solo', command: ['sleep', '2'], signal: controller.signal }));
    expect(error).to.equal(reason);
  });

  it('rejects when the upgrade is refused: 404 for a missing pod, 403 when RBAC forbids exec', async () => {
    const missing = await rejectionOf(execCommand(kc, { namespace: 'default', pod: 'nope', command: ['ls'] }));
    expect((missing as Error).message).to.equal('Unexpected server response: 404');
    api.failNext({ method: 'GET', path: /\/exec$/, status: 403 });
    const refused = await rejectionOf(execCommand(kc, { namespace: 'default', pod: 'solo', command: ['ls'] }));
    expect((refused as Error).message).to.equal('Unexpected server response: 403');
    expect(api.execs).to.deep.equal([]);
  });
});
