import { expect } from 'chai';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { nodeFaultOptionValues } from '../../framework/cli/node-fault-options.js';
import { UsageError } from '../../framework/cli/exit-codes.js';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import { nodeFaultSteps } from '../../framework/nodes/allowed-clusters.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { KubeletSimulator } from '../support/kubelet-simulator.js';
import { scenarioYaml, temporaryFolder, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { CommandLog } from '../nodes/node-fault-support.js';
import { PASSING, PROJECT_ROOT, runCli, writeKubeconfig } from './cli-harness.js';

const NODE_LOSS = join(PROJECT_ROOT, 'scenarios', 'nodes', 'node-loss-eviction.yaml');

/**
 * A kubeconfig whose context "prod-eu" names an API server at a non-loopback name, reached through the
 * fake API server acting as the cluster's HTTP proxy (kubeconfig `proxy-url`): the guard sees a
 * production-like cluster, and every request that does get sent lands in the fake's records.
 */
async function writeProdKubeconfig(dir: string, api: FakeApiServer): Promise<string> {
  const path = join(dir, 'prod.kubeconfig.json');
  await writeFile(path, JSON.stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'prod', cluster: { server: 'http://api.prod-eu.faultline.invalid:6443', 'proxy-url': api.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'ops', user: { token: 'test-token' } }],
    contexts: [{ name: 'prod-eu', context: { cluster: 'prod', user: 'ops' } }],
    'current-context': 'prod-eu',
  }), 'utf8');
  return path;
}

/** Loses node vm-2 by name with whatever driver the command line gives, then brings it back. */
const LOSE_AND_REVERT = scenarioYaml('lose-and-revert', `
    - name: lose vm-2
      fault:
        nodeLoss: { node: { name: vm-2 } }
    - name: bring it back
      fault:
        revert: { step: lose vm-2 }`);

describe('faultline run with node faults (in-process, fake API server)', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let dir: string;
  let log: CommandLog;
  let prod: string;
  const savedAllow = process.env['FAULTLINE_ALLOW_CONTEXTS'];

  beforeEach(async () => {
    api = await FakeApiServer.start();
    api.put({ kind: 'Node', metadata: { name: 'vm-2' }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    dir = await temporaryFolder();
    log = await CommandLog.create();
    prod = await writeProdKubeconfig(dir, api);
    await writeFiles(dir, { 'scenarios/manifests/web.yaml': WEB_MANIFESTS });
    delete process.env['FAULTLINE_ALLOW_CONTEXTS'];
  });

  afterEach(async () => {
    if (savedAllow === undefined) delete process.env['FAULTLINE_ALLOW_CONTEXTS'];
    else process.env['FAULTLINE_ALLOW_CONTEXTS'] = savedAllow;
    await api.stop();
    await log.remove();
    await rm(dir, { recursive: true, force: true });
  });

  /** No spec reporter on this process's stdout: the runs' reports go to a file. */
  const quietly = () => ['--quiet', '--reporter', 'junit', '--output', join(dir, 'report.xml')];

  const driverFlags = () => {
    const { settings } = log.commandDriver() as { settings: { stop: string; start: string } };
    return ['--node-driver', 'command', '--node-stop-command', settings.stop, '--node-start-command', settings.start];
  };

  it('refuses a context that is not allowed with exit 2, naming each node step, and sends not a single request', async () => {
    const step = nodeFaultSteps(await loadScenario(NODE_LOSS))[0]!;
    const { code, err } = await runCli(['run', NODE_LOSS, ...driverFlags()], { kubeconfig: prod });
    expect(code).to.equal(2);
    expect(err[0]).to.equal('Refusing to run: these steps stop or drain nodes, which affects every workload on them, and context "prod-eu" (http://api.prod-eu.faultline.invalid:6443) is not one Faultline may disturb:');
    expect(err[1]).to.equal(`  ${NODE_LOSS}:${step.source.line}:${step.source.column}: step "lose the node of a replica" (nodeLoss)`);
    expect(err.join('\n')).to.include('--allow-context prod-eu (or FAULTLINE_ALLOW_CONTEXTS=prod-eu)');
    expect(api.requests).to.deep.equal([]);
    expect(api.tunnels, 'not even a connection').to.deep.equal([]);
    expect(await log.lines()).to.deep.equal([]);
  });

  it('with --allow-context NAME the same cluster is let through the guard: the run goes on and the driver acts', async () => {
    const file = await writeFiles(dir, { 'scenarios/lose-and-revert.yaml': LOSE_AND_REVERT });
    const { code, err } = await runCli(['run', file, '--allow-context', 'prod-eu', ...driverFlags(), ...quietly()], { kubeconfig: prod });
    expect(code, err.join('\n')).to.equal(0);
    expect(err).to.include('Node faults allowed: context prod-eu was allowed explicitly.');
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
    expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/namespaces'), 'the run reached the cluster').to.equal(true);
    expect(new Set(api.tunnels), 'through its proxy, by its remote name').to.deep.equal(new Set(['api.prod-eu.faultline.invalid:6443']));
  });

  it('$FAULTLINE_ALLOW_CONTEXTS allows it too', async () => {
    process.env['FAULTLINE_ALLOW_CONTEXTS'] = 'staging,prod-eu';
    const file = await writeFiles(dir, { 'scenarios/lose-and-revert.yaml': LOSE_AND_REVERT });
    const { code } = await runCli(['run', file, ...driverFlags(), ...quietly()], { kubeconfig: prod });
    expect(code).to.equal(0);
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
  });

  it('an allowed cluster with no node driver for a nodeLoss is exit 2 at the step, naming the flags, before any request', async () => {
    const step = nodeFaultSteps(await loadScenario(NODE_LOSS))[0]!;
    const { code, err } = await runCli(['run', NODE_LOSS, '--allow-context', 'prod-eu'], { kubeconfig: prod });
    expect(code).to.equal(2);
    expect(err[0]).to.equal(`${NODE_LOSS}:${step.source.line}:${step.source.column}: step "lose the node of a replica": no node driver: the scenario names none and context "prod-eu" is not a kind cluster. `
      + "Pass --node-driver (kind or command), e.g. --node-driver command --node-stop-command 'ssh {node} sudo systemctl stop k3s-agent' --node-start-command 'ssh {node} sudo systemctl start k3s-agent'");
    expect(err.at(-1)).to.equal('Nothing was sent to the cluster.');
    expect(api.requests).to.deep.equal([]);
    expect(api.tunnels).to.deep.equal([]);
  });

  it('--skip-node-faults reports those scenarios as skipped (pending) and runs the others, even where node faults are refused', async () => {
    const sim = new KubeletSimulator(api);
    sim.onPod((pod) => { sim.start(pod); sim.ready(pod, true); });
    await writeFiles(dir, { 'scenarios/passing.yaml': PASSING, 'scenarios/lose-and-revert.yaml': LOSE_AND_REVERT });
    const report = join(dir, 'junit.xml');
    const { code, err } = await runCli(['run', join(dir, 'scenarios'), '--skip-node-faults', '--quiet', '--reporter', 'junit', '--output', report], { kubeconfig: prod });
    expect(code, err.join('\n')).to.equal(0);
    expect(err).to.include('Skipping 1 scenario(s) with node faults (--skip-node-faults): lose-and-revert');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(await readFile(report, 'utf8')) as {
      testsuites: { testsuite: Array<{ '@_skipped': string; testcase: { '@_name': string; skipped?: unknown; failure?: unknown } }> };
    };
    expect(parsed.testsuites.testsuite.map((suite) => ({ name: suite.testcase['@_name'], skipped: suite['@_skipped'], failed: suite.testcase.failure !== undefined }))).to.deep.equal([
      { name: 'lose-and-revert (skipped: left out with --skip-node-faults (it stops or drains nodes))', skipped: '1', failed: false },
      { name: 'web-comes-up', skipped: '0', failed: false },
    ]);
    expect(await log.lines()).to.deep.equal([]);
    const created = api.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/namespaces');
    expect(created.map((r) => (r.body as { metadata: { name: string } }).metadata.name)).to.have.length(1).and.to.satisfy((names: string[]) => names[0]!.startsWith('fl-web-comes-up-'));
  });

  it('a loopback API server is allowed without --allow-context (the fake itself)', async () => {
    const file = await writeFiles(dir, { 'scenarios/lose-and-revert.yaml': LOSE_AND_REVERT });
    const { code, err } = await runCli(['run', file, ...driverFlags(), ...quietly()], { kubeconfig: await writeKubeconfig(dir, api) });
    expect(code, err.join('\n')).to.equal(0);
    expect(err).to.include(`Node faults allowed: the API server ${api.url} is on a loopback address.`);
  });
});

describe('node-fault options', () => {
  const usage = (values: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string => {
    try {
      nodeFaultOptionValues(values, env);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    throw new Error('expected a usage error');
  };

  it('reads the driver and its commands from the command line, else the environment', () => {
    expect(nodeFaultOptionValues({ 'node-driver': 'command', 'node-stop-command': 'a {node}', 'node-start-command': 'b {node}', 'allow-context': ['x'] }, {})).to.deep.equal({
      allowContexts: ['x'], skip: false, driver: { name: 'command', settings: { stop: 'a {node}', start: 'b {node}' } },
    });
    expect(nodeFaultOptionValues({ 'skip-node-faults': true }, {
      FAULTLINE_NODE_DRIVER: 'command', FAULTLINE_NODE_STOP_COMMAND: 'k8s-local/node-stop {node}', FAULTLINE_NODE_START_COMMAND: 'k8s-local/node-start {node}',
    })).to.deep.equal({
      allowContexts: [], skip: true, driver: { name: 'command', settings: { stop: 'k8s-local/node-stop {node}', start: 'k8s-local/node-start {node}' } },
    });
    expect(nodeFaultOptionValues({ 'node-driver': 'kind' }, {})).to.deep.equal({ allowContexts: [], skip: false, driver: { name: 'kind', settings: {} } });
    expect(nodeFaultOptionValues({}, {})).to.deep.equal({ allowContexts: [], skip: false });
  });

  it('rejects a command without {node}, an unknown driver, and commands without the command driver', () => {
    expect(usage({ 'node-driver': 'command', 'node-stop-command': 'systemctl stop kubelet', 'node-start-command': 'b {node}' }))
      .to.equal('--node-stop-command has no {node} placeholder: the command would act on the same machine whichever node the scenario picks');
    expect(usage({ 'node-driver': 'command', 'node-stop-command': 'a {node}' })).to.match(/^--node-driver command needs --node-stop-command and --node-start-command/);
    expect(usage({ 'node-driver': 'ssh' })).to.equal('--node-driver: expected kind or command, got "ssh"');
    expect(usage({ 'node-stop-command': 'a {node}' })).to.equal('--node-stop-command and --node-start-command need --node-driver command');
    expect(usage({ 'node-driver': 'kind', 'node-start-command': 'b {node}' })).to.equal('--node-stop-command and --node-start-command go with --node-driver command, not kind');
  });
});
