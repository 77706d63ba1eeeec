import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import { InvalidScenarioError } from '../../framework/loading/problems.js';

/**
 * The problems loading reports for one fault step with this spec (schema and the plugin's own
 * validate), as `path: message` without file and position; [] when the scenario loads.
 *
 * @example await faultProblems('scale', { object: { kind: 'Deployment', name: 'web' }, replicas: -1 })
 */
export async function faultProblems(kind: string, spec: unknown): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'faultline-fault-'));
  try {
    const file = path.join(dir, 'scenario.yaml');
    // JSON is YAML: the spec is written exactly as given.
    const scenario = { apiVersion: 'faultline.dev/v1alpha1', kind: 'Scenario', metadata: { name: 'fault' }, spec: { steps: [{ fault: { [kind]: spec } }] } };
    await writeFile(file, JSON.stringify(scenario, null, 2));
    await loadScenario(file);
    return [];
  } catch (error) {
    if (error instanceof InvalidScenarioError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
