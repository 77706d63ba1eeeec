import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { CoreV1Api, Watch, type V1Namespace, type V1Pod } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../framework/cluster/connect.js';
import { LABELS, MANAGED_BY } from '../../framework/cluster/namespaces.js';
import { loadScenarios } from '../../framework/loading/load-scenario.js';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import type { Scenario } from '../../framework/model/scenario.js';
import { usesNodeFaults } from '../../framework/nodes/allowed-clusters.js';
import { readResultsFile } from '../../framework/replay/read-results.js';
import { loadTwins, wrongTwins } from './twins.js';
import { faultline, REPO_ROOT, type CliRun } from './cli-process.js';
import { junitOfResults, resultsSchemaErrors, xsdErrors } from './report-validation.js';

/**
 * End to end, against the cluster of the current kubeconfig: the scenario library passes, its
 * negative twins fail for the reason they were written for, Ctrl-C in the middle of a scenario
 * leaves nothing behind, and no run leaves a namespace.
 */
interface JUnitCase { '@name': string; failure?: { '@type': string; '@message': string; '#text': string }; error?: unknown; skipped?: unknown }

/** The library's scenarios that run in the shared run (those with node faults run alone, in nodes.e2e.ts). */
async function libraryScenarios(): Promise<Scenario[]> {
  return (await loadScenarios([join(REPO_ROOT, 'scenarios')])).scenarios.filter((s) => !usesNodeFaults(s));
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
const kubeConfig = loadKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);

async function junitCases(file: string): Promise<JUnitCase[]> {
  const parsed = parser.parse(await readFile(join(REPO_ROOT, file), 'utf8')) as { testsuites: { testsuite: Array<{ testcase: JUnitCase[] }> } };
  return parsed.testsuites.testsuite.flatMap((suite) => suite.testcase);
}

async function faultlineNamespaces(): Promise<string[]> {
  const list = await core.listNamespace({ labelSelector: `${LABELS.managedBy}=${MANAGED_BY}` });
  return list.items.map((ns) => ns.metadata!.name!);
}

describe('the scenario library on a real cluster', function () {
  this.timeout(20 * 60_000);
  let library: CliRun;
  let twins: CliRun;

  before(() => {
    // The two runs are independent: run them side by side.
    // Node faults disturb every pod on the node, the twins' too: they run alone, in nodes.e2e.ts.
    library = faultline(['run', 'scenarios/', '--skip-node-faults', '--junit', 'reports/e2e-junit.xml', '--json', 'reports/e2e-results.json'], 'library');
    twins = faultline(['run', 'test/e2e/negative/', '--quiet', '--reporter', 'dot', '--junit', 'reports/e2e-twins-junit.xml'], 'twins');
  });

  it('passes every scenario of the library', async () => {
    const { code } = await library.done;
    const scenarios = await libraryScenarios();
    const cases = await junitCases('reports/e2e-junit.xml');
    const ran = cases.filter((c) => c.skipped === undefined);
    expect(ran.map((c) => c['@name']).sort()).to.deep.equal(scenarios.map((s) => s.name).sort());
    expect(ran.filter((c) => c.failure || c.error).map((c) => c['@name'])).to.deep.equal([]);
    const skipped = cases.filter((c) => c.skipped !== undefined).map((c) => c['@name']);
    expect(skipped, 'the node-fault scenarios, reported as skipped').to.have.length((await loadScenarios([join(REPO_ROOT, 'scenarios')])).scenarios.filter(usesNodeFaults).length);
    expect(code).to.equal(0);
  });

  it('fails every negative twin replayed on its scenario\'s recorded timeline, through the expectation written to catch it', async () => {
    await library.done;
    const recorded = await readResultsFile(join(REPO_ROOT, 'reports/e2e-results.json'));
    const scenarios = await libraryScenarios();
    const twins = await loadTwins(join(REPO_ROOT, 'test/e2e/twins.yaml'));
    expect(twins.map((t) => t.scenario).sort(), 'every library scenario has a twin').to.deep.equal(scenarios.map((s) => s.name).sort());
    const wrong = await wrongTwins(twins, scenarios, recorded);
    expect(wrong, 'twins that did not fail, failed for another reason, failed only because no pod existed yet, or could not be decided by the recording').to.deep.equal([]);
  });

  it('fails every live negative twin, naming the expectation that caught it and what was observed', async () => {
    const { code } = await twins.done;
    expect(code).to.equal(1);
    const { scenarios } = await loadScenarios([join(REPO_ROOT, 'test/e2e/negative')]);
    const cases = await junitCases('reports/e2e-twins-junit.xml');
    expect(cases).to.have.length(scenarios.length);
    for (const scenario of scenarios) {
      const wanted = /expect-failure: (\w+)/.exec(scenario.description)?.[1];
      const found = cases.find((c) => c['@name'] === scenario.name);
      expect(found?.failure, `${scenario.name} should have failed`).to.not.equal(undefined);
      expect(found!.failure!['@type'], scenario.name).to.equal(`expectation.${wanted}`);
      expect(found!.failure!['#text'], scenario.name).to.match(/observed: \S/);
    }
  });

  it('leaves nothing behind after Ctrl-C in the middle of a scenario', async () => {
    const run = faultline(['run', 'scenarios/probes/http-readiness-rename.yaml'], 'ctrl-c');
    const namespace = await podRunningInRunNamespace();
    expect((await core.readNamespace({ name: namespace })).metadata?.labels?.[LABELS.managedBy]).to.equal(MANAGED_BY);
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).to.equal(130);
    expect(stderr).to.contain('SIGINT: stopping the run and cleaning up');
    const left = await core.listNamespace({ fieldSelector: `metadata.name=${namespace}` });
    expect(left.items.map((ns: V1Namespace) => ns.metadata?.name)).to.deep.equal([]);
  });

  it('writes reports that match their schemas: results JSON Schema, JUnit XSDs (Jenkins\'; Ant\'s for the Ant layout of the same results)', async () => {
    await Promise.all([library.done, twins.done]);
    const results = JSON.parse(await readFile(join(REPO_ROOT, 'reports/e2e-results.json'), 'utf8')) as { results: ScenarioResult[] };
    expect(await resultsSchemaErrors(results), 'reports/e2e-results.json').to.deep.equal([]);
    for (const file of ['reports/e2e-junit.xml', 'reports/e2e-twins-junit.xml']) expect(await xsdErrors(await readFile(join(REPO_ROOT, file), 'utf8'), 'jenkins'), file).to.deep.equal([]);
    const ant = await junitOfResults(results.results, { schema: 'ant', steps: true });
    expect(await xsdErrors(ant, 'ant'), 'Ant layout').to.deep.equal([]);
    expect(await xsdErrors(ant, 'jenkins'), 'Ant layout').to.deep.equal([]);
  });

  after(async () => {
    expect(await faultlineNamespaces(), 'namespaces left behind').to.deep.equal([]);
  });
});

/** Resolves with the namespace of the first pod that runs in a Faultline namespace (the run is mid-scenario). */
function podRunningInRunNamespace(): Promise<string> {
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    void new Watch(kubeConfig).watch('/api/v1/pods', { labelSelector: 'app=web' }, (type, pod: V1Pod) => {
      const namespace = pod.metadata?.namespace ?? '';
      if (type !== 'DELETED' && namespace.startsWith('fl-http-readiness-rename-') && pod.status?.phase === 'Running') {
        // Resolve first: aborting calls the done callback synchronously, with an AbortError.
        resolve(namespace);
        controller?.abort();
      }
    }, (error) => { if (error) reject(error); }).then((c) => { controller = c; });
  });
}
