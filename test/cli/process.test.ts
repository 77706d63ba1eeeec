import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FakeApiServer } from '../support/fake-api-server/index.js';
import { KubeletSimulator } from '../support/kubelet-simulator.js';
import { scenarioYaml, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { FAILING, PASSING, spawnCli, withFakeCluster, writeClosedPortKubeconfig, writeKubeconfig } from './cli-harness.js';

/** Waits for a pod that no kubelet ever makes Ready: the run is still in its first step when interrupted. */
const WAITS_LONG = scenarioYaml('waits-long', `
    - waitFor:
        ready: { target: app=web, within: 1m }`);

const STACK_LINE = /^\s+at /m;

describe('faultline as a child process: real exit codes and signals', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let dir: string;
  withFakeCluster((made) => ({ api, dir } = made), { files: { 'scenarios/manifests/web.yaml': WEB_MANIFESTS } });

  it('exits 3 with one paragraph naming the context and the server when nothing listens there, and no stack trace', async () => {
    const scenario = await writeFiles(dir, { 'scenarios/passing.yaml': PASSING });
    const { path, server } = await writeClosedPortKubeconfig(dir);
    const { code, stdout, stderr } = await spawnCli(['run', scenario], { kubeconfig: path }).exited;

    expect(code).to.equal(3);
    expect(stdout).to.equal('');
    expect(stderr.trim().split('\n'), 'one paragraph').to.have.length(1);
    expect(stderr).to.include('No Kubernetes cluster answered').and.include('context "gone-context"').and.include(`API server ${server}`);
    expect(stderr).to.include('ECONNREFUSED').and.include('--context');
    expect(stderr).to.not.match(STACK_LINE);
  });

  it('with --reporter spec --reporter junit, prints the spec report and writes the JUnit file; one failure is exit 1', async () => {
    const sim = new KubeletSimulator(api);
    sim.onPod((pod) => { sim.start(pod); sim.ready(pod, true); });
    await writeFiles(dir, { 'scenarios/passing.yaml': PASSING, 'scenarios/failing.yaml': FAILING });
    const kubeconfig = await writeKubeconfig(dir, api);
    const report = join(dir, 'r.xml');
    const { code, stdout, stderr } = await spawnCli(['run', join(dir, 'scenarios'), '--reporter', 'spec', '--reporter', 'junit', '--output', report], { kubeconfig }).exited;

    expect(code, stderr).to.equal(1);
    expect(stdout).to.include('web-comes-up').and.include('web-restarts');
    expect(stdout).to.match(/1 passing/).and.match(/1 failing/);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(await readFile(report, 'utf8')) as { testsuites: { '@_tests': string; '@_failures': string } };
    expect(xml.testsuites).to.include({ '@_tests': '2', '@_failures': '1' });
  });

  it('on SIGINT while a scenario waits: deletes the namespace, says it is cleaning up, and exits 130', async () => {
    const sim = new KubeletSimulator(api);
    const scenario = await writeFiles(dir, { 'scenarios/waits-long.yaml': WAITS_LONG });
    const kubeconfig = await writeKubeconfig(dir, api);
    const namespaceCreated = new Promise<string>((resolve) => api.onCreate('namespaces', (ns) => resolve(ns.metadata.name ?? '')));
    const cli = spawnCli(['run', scenario], { kubeconfig });
    const namespace = await namespaceCreated;
    // Interrupt once the run has got as far as its first step: the pod exists and nothing makes it Ready.
    const pod = await sim.pod(namespace);
    sim.start(pod);
    cli.kill('SIGINT');
    const { code, stderr } = await cli.exited;

    expect(code, stderr).to.equal(130);
    expect(stderr).to.include('SIGINT: stopping the run and cleaning up');
    expect(api.requests.filter((r) => r.verb === 'delete' && r.path === `/api/v1/namespaces/${namespace}`)).to.have.length(1);
    expect(api.get('namespaces', undefined, namespace)).to.equal(undefined);
    expect(stderr).to.not.match(STACK_LINE);
  });
});
