import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FakeApiServer } from '../support/fake-api-server/index.js';
import { KubeletSimulator } from '../support/kubelet-simulator.js';
import { WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { FAILING, PASSING, runCli, withFakeCluster } from './cli-harness.js';

interface JUnitCase {
  '@_name': string;
  failure?: { '@_type': string; '@_message': string };
  error?: unknown;
}

interface JUnitSuite {
  testcase: JUnitCase | JUnitCase[];
}

function testCases(xml: string): JUnitCase[] {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: { '@_tests': string; '@_failures': string; testsuite: JUnitSuite | JUnitSuite[] } };
  return [parsed.testsuites.testsuite].flat().flatMap((suite) => [suite.testcase].flat());
}

const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('faultline run and sweep against the fake API server (in-process)', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let dir: string;
  let kubeconfig: string;
  withFakeCluster((made) => ({ api, dir, kubeconfig } = made), { files: { 'scenarios/manifests/web.yaml': WEB_MANIFESTS } });

  it('run: an invalid scenario is exit 2 and not a single request reaches the cluster', async () => {
    const file = await writeFiles(dir, { 'scenarios/broken.yaml': FAILING.replace('within: 200ms', 'within: soon') });
    const { code, err } = await runCli(['run', file], { kubeconfig });
    expect(code).to.equal(2);
    expect(err[0]).to.match(new RegExp(`^${file}:\\d+:\\d+: spec\\.steps\\[1\\]\\.expect\\.restarts\\.within: expected a duration`));
    expect(err.at(-1)).to.equal('1 problem(s): nothing was run and nothing was sent to the cluster.');
    expect(api.countWrites()).to.equal(0);
    expect(api.requests).to.deep.equal([]);
  });

  it('run: one passing and one failing scenario is exit 1, and the JUnit report names the failed expectation', async () => {
    const sim = new KubeletSimulator(api);
    sim.onPod((pod) => { sim.start(pod); sim.ready(pod, true); });
    await writeFiles(dir, { 'scenarios/passing.yaml': PASSING, 'scenarios/failing.yaml': FAILING });
    const report = join(dir, 'reports', 'nested', 'r.xml');
    const { code } = await runCli(['run', join(dir, 'scenarios'), '--reporter', 'junit', '--output', report], { kubeconfig });

    expect(code).to.equal(1);
    const cases = testCases(await readFile(report, 'utf8'));
    expect(cases.map((c) => c['@_name']).sort()).to.deep.equal(['web-comes-up', 'web-restarts']);
    expect(cases.find((c) => c['@_name'] === 'web-comes-up')?.failure).to.equal(undefined);
    const failure = cases.find((c) => c['@_name'] === 'web-restarts')?.failure;
    expect(failure?.['@_type']).to.equal('expectation.restarts');
    expect(failure?.['@_message']).to.include('step 2 "the container restarts" failed: restarts: not met within 200ms');
    const namespaces = api.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/namespaces');
    expect(namespaces).to.have.length(2);
    expect(api.list('namespaces').map((ns) => ns.metadata.name).filter((name) => name?.startsWith('fl-'))).to.deep.equal([]);
  });

  it('sweep: deletes only namespaces labelled managed-by=faultline, and only those older than --older-than', async () => {
    const managed = { 'app.kubernetes.io/managed-by': 'faultline', 'faultline.dev/run': 'x1' };
    const namespace = (name: string, labels: Record<string, string>, createdMinutesAgo: number) => api.put({
      kind: 'Namespace', metadata: { name, labels, creationTimestamp: minutesAgo(createdMinutesAgo) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    });
    namespace('fl-old-x1', managed, 60);
    namespace('fl-new-x1', managed, 1);
    namespace('someone-elses', { 'app.kubernetes.io/managed-by': 'helm' }, 60);
    namespace('unlabelled', {}, 60);
    const present = () => api.list('namespaces').map((ns) => ns.metadata.name);
    const deletedNamespaces = () => api.requests.filter((r) => r.verb === 'delete' && /^\/api\/v1\/namespaces\/[^/]+$/.test(r.path)).map((r) => r.path);

    const old = await runCli(['sweep', '--older-than', '10m'], { kubeconfig });
    expect(old).to.deep.equal({ code: 0, out: ['deleted 1 namespace(s): fl-old-x1'], err: [] });
    expect(deletedNamespaces()).to.deep.equal(['/api/v1/namespaces/fl-old-x1']);
    expect(present()).to.include.members(['fl-new-x1', 'someone-elses', 'unlabelled']).and.not.include('fl-old-x1');

    const all = await runCli(['sweep'], { kubeconfig });
    expect(all).to.deep.equal({ code: 0, out: ['deleted 1 namespace(s): fl-new-x1'], err: [] });
    expect(present()).to.include.members(['someone-elses', 'unlabelled', 'default']).and.not.include('fl-new-x1');

    expect(await runCli(['sweep'], { kubeconfig })).to.deep.equal({ code: 0, out: ['nothing to sweep'], err: [] });
    expect(deletedNamespaces()).to.deep.equal(['/api/v1/namespaces/fl-old-x1', '/api/v1/namespaces/fl-new-x1']);
  });

  it('sweep: --older-than that is not a duration is exit 2 before any request', async () => {
    const { code, err } = await runCli(['sweep', '--older-than', 'a while'], { kubeconfig });
    expect(code).to.equal(2);
    expect(err[0]).to.equal('faultline sweep: --older-than: expected a duration like "10m" or "1h", got "a while"');
    expect(api.requests).to.deep.equal([]);
  });
});
