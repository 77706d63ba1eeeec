import { expect } from 'chai';
import Mocha from 'mocha';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import { addScenarioSuites } from '../../framework/mocha/scenario-suite.js';
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

describe('addScenarioSuites', function () {
  this.timeout(20_000);

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
