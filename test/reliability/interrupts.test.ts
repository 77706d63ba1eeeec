import { expect } from 'chai';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PASSING, runCli, spawnCli, withFakeCluster, type ChildCli } from '../cli/cli-harness.js';
import { scenarioYaml, temporaryFolder, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { RENAME, WAIT_READY } from '../integration/scenario-rig.js';
import { FakeApiServer, type KubeObject } from '../support/fake-api-server/index.js';
import { FaultProxy, type Gate, type RequestIdentity } from '../support/fault-proxy/index.js';
import { KubeletSimulator } from '../support/kubelet-simulator.js';

/**
 * `faultline run` as a child process, through the fault proxy to the fake API server, stopped by a
 * signal at exact moments: the proxy holds the request of that moment (its answer, or an exec before
 * it starts) while the signal is sent, then lets it go. Whatever the moment, once the process has
 * exited no namespace labelled managed-by=faultline is left.
 */

const WAITS_FOR_RESTART = scenarioYaml('waits-for-a-restart', `${WAIT_READY}${RENAME}
    - name: the container restarts
      expect:
        restarts: { target: app=web, atLeast: 1, within: 5m }`, { timeout: '10m' });

const STACK_LINE = /^\s+at /m;
const MANAGED = 'app.kubernetes.io/managed-by';

/**
 * Bounds each stage of a child run: one that does not come in time kills the child and fails with
 * the stage's name, what it printed, and the last requests the API server received.
 */
function stuckAfter(cli: ChildCli, ms: number, requests?: () => string[]): <T>(what: string, promise: Promise<T>) => Promise<T> {
  return async (what, promise) => {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        cli.kill('SIGKILL');
        void cli.exited.then(({ stderr }) => reject(new Error(`no ${what} within ${ms / 1000}s; stderr:\n${stderr}\nlast requests: ${(requests?.() ?? []).join(', ')}`)));
      }, ms);
    });
    try {
      return await Promise.race([promise, stuck]);
    } finally {
      clearTimeout(timer);
    }
  };
}

const isPost = (tail: string) => (r: RequestIdentity): boolean => r.method === 'POST' && r.path.endsWith(tail);

describe('interrupts at every moment of a run leave nothing behind (child process, through the fault proxy)', function () {
  this.timeout(70_000);
  let api: FakeApiServer;
  let proxy: FaultProxy;
  let dir: string;
  let scenario: string;
  let kubeconfig: string;

  beforeEach(async () => {
    api = await FakeApiServer.start();
    proxy = await FaultProxy.start({ target: api.url });
    const sim = new KubeletSimulator(api);
    sim.onPod((pod) => { sim.start(pod); sim.ready(pod, true); });
    api.onExec(() => ({ exitCode: 0 }));
    dir = await temporaryFolder();
    scenario = await writeFiles(dir, { 'scenarios/waits.yaml': WAITS_FOR_RESTART, 'scenarios/manifests/web.yaml': WEB_MANIFESTS });
    kubeconfig = join(dir, 'proxy.kubeconfig.json');
    await writeFile(kubeconfig, proxy.kubeConfig({ token: 'test-token' }).exportConfig(), 'utf8');
  });

  afterEach(async () => {
    await proxy.stop();
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const managedNamespaces = (): KubeObject[] => api.list('namespaces').filter((ns) => ns.metadata.labels?.[MANAGED] === 'faultline');

  /** Starts the run, waits for `moment`, sends `signal`, lets the held request go, and checks what is left. */
  async function interrupt(signal: NodeJS.Signals, moment: (cli: ChildCli) => Promise<Gate | undefined>): Promise<string> {
    const cli = spawnCli(['run', scenario, '--sweep-older-than', 'off'], { kubeconfig });
    const stage = stuckAfter(cli, 20_000, () => api.requests.slice(-6).map((r) => `${r.method} ${r.path}`));
    const gate = await stage('the moment', moment(cli));
    expect(managedNamespaces(), 'the run has made its namespace by now').to.have.length(1);
    cli.kill(signal);
    await stage(`the ${signal} message`, cli.stderrIncludes(`${signal}: stopping the run and cleaning up`));
    gate?.release();
    const { code, stderr } = await stage('the exit', cli.exited);
    expect(code, stderr).to.equal(130);
    expect(stderr).to.not.match(STACK_LINE);
    expect(managedNamespaces().map((ns) => ns.metadata.name), 'namespaces left behind').to.deep.equal([]);
    return stderr;
  }

  it('SIGTERM while the namespace create is answered late (made at the server, its answer held)', async () => {
    await interrupt('SIGTERM', async () => {
      const gate = proxy.hold(isPost('/api/v1/namespaces'));
      await gate.arrived;
      return gate;
    });
  });

  it('SIGINT during apply: while the Deployment create is in flight', async () => {
    await interrupt('SIGINT', async () => {
      const gate = proxy.hold(isPost('/deployments'));
      await gate.arrived;
      return gate;
    });
    expect(api.requests.some((r) => r.method === 'POST' && r.path.endsWith('/services')), 'nothing is created after the interrupt').to.equal(false);
  });

  it('SIGINT during a fault: while the mv exec waits to start', async () => {
    await interrupt('SIGINT', async () => {
      const gate = proxy.hold((r) => r.upgrade);
      await gate.arrived;
      return gate;
    });
  });

  it('SIGTERM while waiting on an expectation', async () => {
    const stderr = await interrupt('SIGTERM', async (cli) => {
      await cli.stderrIncludes('step 3/3');
      return undefined;
    });
    expect(stderr).to.include('step 3/3: the container restarts');
  });

  it('SIGINT during cleanup, then again: the second names the namespace still being deleted, and cleanup still finishes', async () => {
    await writeFiles(dir, { 'scenarios/waits.yaml': scenarioYaml('comes-up', WAIT_READY) });
    const cli = spawnCli(['run', scenario, '--sweep-older-than', 'off'], { kubeconfig });
    const deletion = proxy.hold((r) => r.method === 'DELETE' && /^\/api\/v1\/namespaces\/fl-[^/]+$/.test(r.path));
    const held = await deletion.arrived;
    const namespace = held.path.split('/').at(-1)!;
    cli.kill('SIGINT');
    await cli.stderrIncludes('SIGINT: stopping the run and cleaning up');
    cli.kill('SIGINT');
    await cli.stderrIncludes('Still cleaning up:');
    deletion.release();
    const { code, stderr } = await cli.exited;

    expect(stderr).to.include(`Still cleaning up: delete namespace ${namespace}. Press Ctrl-C once more to exit now and leave it to \`faultline sweep\`.`);
    expect(code, stderr).to.equal(130);
    expect(managedNamespaces()).to.deep.equal([]);
  });
});

describe('SIGKILL leaves the namespace; `faultline sweep` and the next run remove it', function () {
  this.timeout(30_000);
  let api: FakeApiServer;
  let dir: string;
  let kubeconfig: string;
  withFakeCluster((made) => ({ api, dir, kubeconfig } = made), { files: { 'scenarios/manifests/web.yaml': WEB_MANIFESTS } });

  beforeEach(() => {
    const sim = new KubeletSimulator(api);
    sim.onPod((pod) => { sim.start(pod); sim.ready(pod, true); });
    api.onExec(() => ({ exitCode: 0 }));
  });

  const managed = (): string[] => api.list('namespaces').filter((ns) => ns.metadata.labels?.['app.kubernetes.io/managed-by'] === 'faultline').map((ns) => ns.metadata.name ?? '');
  /** A namespace an earlier run left `hours` ago (the API server sets creationTimestamp; only a create can backdate it). */
  const leftEarlier = (name: string, hours: number): string => {
    const createdAt = new Date(Date.now() - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    api.put({
      kind: 'Namespace', metadata: { name, creationTimestamp: createdAt, labels: { 'app.kubernetes.io/managed-by': 'faultline', 'faultline.dev/run': 'old' } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    });
    return name;
  };

  async function killedRun(): Promise<string> {
    const before = managed();
    const scenario = await writeFiles(dir, { 'scenarios/waits.yaml': WAITS_FOR_RESTART });
    const cli = spawnCli(['run', scenario, '--sweep-older-than', 'off'], { kubeconfig });
    await cli.stderrIncludes('step 3/3');
    cli.kill('SIGKILL');
    const { signal } = await cli.exited;
    expect(signal).to.equal('SIGKILL');
    const left = managed().filter((name) => !before.includes(name));
    expect(left, 'a SIGKILLed run cannot clean up').to.have.length(1);
    expect(api.list('pods', left[0])).to.have.length(1);
    return left[0]!;
  }

  it('faultline sweep deletes the killed run\'s namespace and its pods', async () => {
    const left = await killedRun();
    const swept = await runCli(['sweep'], { kubeconfig });
    expect(swept).to.deep.equal({ code: 0, out: [`deleted 1 namespace(s): ${left}`], err: [] });
    expect(managed()).to.deep.equal([]);
    expect(api.list('pods', left)).to.deep.equal([]);
  });

  it('the next run sweeps namespaces older than --sweep-older-than (default 1h) and never a younger one, such as a live run\'s', async () => {
    const killed = leftEarlier('fl-killed-2h-ago', 2);
    const live = await killedRun();
    const scenario = await writeFiles(dir, { 'scenarios/passing.yaml': PASSING });

    const off = await runCli(['run', scenario, '--sweep-older-than', 'off'], { kubeconfig });
    expect(off.code, off.err.join('\n')).to.equal(0);
    expect(managed().sort()).to.deep.equal([killed, live].sort());

    const defaults = await runCli(['run', scenario], { kubeconfig });
    expect(defaults.code, defaults.err.join('\n')).to.equal(0);
    expect(defaults.err).to.include(`swept 1 namespace(s) left by runs older than 1h: ${killed}`);
    expect(managed(), 'the young namespace of a run that may still be going is kept').to.deep.equal([live]);

    const halfHour = leftEarlier('fl-killed-30m-ago', 0.5);
    const shorter = await runCli(['run', scenario, '--sweep-older-than', '20m'], { kubeconfig });
    expect(shorter.err).to.include(`swept 1 namespace(s) left by runs older than 20m: ${halfHour}`);
    expect(managed()).to.deep.equal([live]);
  });

  it('--sweep-older-than that is not a duration is exit 2 before any request', async () => {
    const scenario = await writeFiles(dir, { 'scenarios/passing.yaml': PASSING });
    const { code, err } = await runCli(['run', scenario, '--sweep-older-than', 'a while'], { kubeconfig });
    expect(code).to.equal(2);
    expect(err[0]).to.equal('faultline run: --sweep-older-than: expected a duration like "30m" or "1h", or 0 / off, got "a while"');
    expect(api.requests).to.deep.equal([]);
  });
});
