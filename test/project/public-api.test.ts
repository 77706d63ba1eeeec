import { createRequire } from 'node:module';
import { expect } from 'chai';

// Imported by package name, as a user's project would (Node resolves a package's own name
// through its "exports"); a variable specifier keeps TypeScript from resolving it at build time.
const importPackage = (specifier: string): Promise<Record<string, unknown>> => import(specifier) as Promise<Record<string, unknown>>;

describe('the public API', () => {
  it('exports what the README documents from "faultline"', async () => {
    const api = await importPackage('faultline');
    for (const name of ['connect', 'loadScenario', 'loadScenarios', 'runScenario', 'ScenarioFailure', 'addScenarioSuites', 'scenarioTest', 'sweepNamespaces', 'ManualClock']) {
      expect(api[name], name).to.be.a('function');
    }
  });

  it('exports the JUnit reporter for .mocharc.json and the JSON Schema for editors', async () => {
    const junit = await importPackage('faultline/reporters/junit');
    expect(junit['default']).to.be.a('function');
    const schemaPath = createRequire(import.meta.url).resolve('faultline/schema');
    expect(schemaPath).to.match(/schema\/scenario\.v1alpha1\.schema\.json$/);
  });
});
