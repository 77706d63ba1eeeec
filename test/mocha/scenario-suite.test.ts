import { expect } from 'chai';
import Mocha from 'mocha';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import { join } from 'node:path';
import { loadScenarios } from '../../framework/loading/load-scenario.js';
import { addScenarioSuites, startOrder } from '../../framework/mocha/scenario-suite.js';
import { PROJECT_ROOT } from '../cli/cli-harness.js';
import { namespaceWatch, requestArrives, writeFiles } from '../integration/harness.js';
import { ScenarioRig } from '../integration/scenario-rig.js';
import type { RecordedRequest } from '../support/fake-api-server/index.js';

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { mode: chaos }
`;

/** A scenario with no pod to wait for: one fault whose proof is the API server's answer. */
const scenario = (name: string): string => `apiVersion: faultline.dev/v1alpha1
kind: Scenario
metadata: { name: ${name} }
spec:
  manifests: [manifests/settings.yaml]
  steps:
    - name: delete the settings
      fault:
        deleteObject: { object: { apiVersion: v1, kind: ConfigMap, name: settings } }
`;

const namespaceCreated = (scenarioName: string) => (request: RecordedRequest): boolean => request.method === 'POST' && request.path === '/api/v1/namespaces'
  && ((request.body as { metadata?: { name?: string } } | undefined)?.metadata?.name ?? '').startsWith(`fl-${scenarioName}-`);

/** The same, then ten minutes in which a Warning event must not come: its typical duration is the longest. */
const longScenario = (name: string): string => `${scenario(name)}    - name: no warning for ten minutes
      expect:
        event: { type: Warning, reason: Failed, never: 10m }
`;

describe('startOrder', () => {
  it('starts the library longest first, and its node-fault scenarios last, in file order (the whole-cluster loss last of all)', async () => {
    const { scenarios, problems } = await loadScenarios([join(PROJECT_ROOT, 'scenarios')]);
    expect(problems).to.deep.equal([]);
    const names = startOrder(scenarios).map((s) => s.name);
    expect(names.slice(0, 3)).to.deep.equal(['both-probes-missing-path', 'prestop-grace-period', 'readiness-missing-path']);
    expect(names.slice(-3)).to.deep.equal(['drain-node', 'node-loss-eviction', 'node-loss-whole-cluster']);
    expect([...names].sort()).to.deep.equal(scenarios.map((s) => s.name).sort());
  });
});

describe('addScenarioSuites', function () {
  this.timeout(20_000);

  it('starts the longest scenario first (by the timing calculator), and still reports in file order', async () => {
    const rig = await ScenarioRig.create();
    const stop = new AbortController();
    try {
      await writeFiles(rig.dir, { 'manifests/settings.yaml': CONFIG_MAP, 'a.yaml': scenario('short-a'), 'b.yaml': scenario('short-b'), 'c.yaml': longScenario('long-c') });
      const scenarios = await Promise.all(['a', 'b', 'c'].map((name) => loadScenario(`${rig.dir}/${name}.yaml`)));
      const mocha = new Mocha({ reporter: class Silent extends Mocha.reporters.Base {}, timeout: 0 });
      addScenarioSuites(mocha.suite, scenarios, { cluster: rig.cluster, concurrency: 2, signal: stop.signal, watch: { backoffMs: [0] } }, rig.dir);
      const titles: string[] = [];
      const runner = mocha.run();
      runner.on('test end', (test) => titles.push(test.title));
      const ended = new Promise<void>((resolve) => runner.on('end', () => resolve()));

      await requestArrives(rig.api, namespaceCreated('long-c'));
      const created = rig.api.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/namespaces')
        .map((r) => (r.body as { metadata: { name: string } }).metadata.name.replace(/-[0-9a-f]+$/, ''));
      expect(created[0]).to.equal('fl-long-c');
      stop.abort();
      await ended;
      expect(titles).to.deep.equal(['short-a', 'short-b', 'long-c']);
    } finally {
      stop.abort();
      await rig.stop();
    }
  });

  it('gives a scenario\'s place to the next one once its steps are over, while its namespace is still being deleted', async () => {
    const rig = await ScenarioRig.create({ namespaceDeletion: 'manual' });
    try {
      await writeFiles(rig.dir, { 'manifests/settings.yaml': CONFIG_MAP, 'first.yaml': scenario('first'), 'second.yaml': scenario('second'), 'third.yaml': scenario('third') });
      const scenarios = await Promise.all(['first', 'second', 'third'].map((name) => loadScenario(`${rig.dir}/${name}.yaml`)));
      const mocha = new Mocha({ reporter: class Silent extends Mocha.reporters.Base {}, timeout: 0 });
      addScenarioSuites(mocha.suite, scenarios, { cluster: rig.cluster, concurrency: 2, watch: { backoffMs: [0] } }, rig.dir);
      const failures = new Promise<number>((resolve) => mocha.run(resolve));

      const names = await Promise.all(['first', 'second'].map(async (name) => ((await requestArrives(rig.api, namespaceCreated(name))).body as { metadata: { name: string } }).metadata.name));
      await Promise.all(names.map((name) => requestArrives(rig.api, namespaceWatch(name))));
      // Two places, both scenarios still waiting for their namespaces to go: the third starts anyway.
      const third = ((await requestArrives(rig.api, namespaceCreated('third'))).body as { metadata: { name: string } }).metadata.name;
      for (const name of names) expect(rig.api.get('namespaces', undefined, name)?.status).to.deep.equal({ phase: 'Terminating' });

      names.forEach((name) => rig.api.finishNamespaceDeletion(name));
      await requestArrives(rig.api, namespaceWatch(third));
      rig.api.finishNamespaceDeletion(third);
      expect(await failures).to.equal(0);
    } finally {
      await rig.stop();
    }
  });
});
