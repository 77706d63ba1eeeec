import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import { scenarioYaml, temporaryFolder, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { problemsOf } from '../loading/fixtures.js';

const LOSE = `
    - name: lose it
      fault:
        nodeLoss: { node: { hosting: app=web } }`;
const DRAIN = `
    - name: drain it
      fault:
        drainNode: { node: { hosting: app=web } }`;
const revertOf = (step: string, name = 'bring it back') => `
    - name: ${name}
      fault:
        revert: { step: ${step} }`;

describe('loading revert steps', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await temporaryFolder();
    await writeFiles(dir, { 'manifests/web.yaml': WEB_MANIFESTS });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const load = async (steps: string) => loadScenario(await writeFiles(dir, { 'scenario.yaml': scenarioYaml('reverts', steps) }));
  /** The line and column of the `step:` value of the revert at `index` in the file: `revert: { step: X }` → X. */
  const at = (steps: string, value: string) => {
    const lines = scenarioYaml('reverts', steps).split('\n');
    const line = lines.findIndex((l) => l.includes(`revert: { step: ${value} }`));
    return `${line + 1}:${lines[line]!.indexOf(`step: ${value}`) + 'step: '.length + 1}`;
  };

  it('accepts a revert of an earlier nodeLoss or drainNode step, once each', async () => {
    const scenario = await load(`${LOSE}${DRAIN}${revertOf('drain it', 'uncordon')}${revertOf('lose it')}`);
    expect(scenario.steps.map((s) => (s.action === 'fault' ? s.fault.kind : s.action))).to.deep.equal(['nodeLoss', 'drainNode', 'revert', 'revert']);
  });

  it('rejects a revert naming no step, or a later one, at the step name, listing the earlier steps', async () => {
    const missing = `${LOSE}${revertOf('lose that')}`;
    expect(await problemsOf(load(missing))).to.deep.equal([
      `${dir}/scenario.yaml:${at(missing, 'lose that')}: spec.steps[1].fault.revert.step: no earlier step is named "lose that"; revert names a nodeLoss or drainNode step before it (earlier steps: "lose it")`,
    ]);
    const later = `${revertOf('lose it', 'too early')}${LOSE}`;
    expect(await problemsOf(load(later))).to.deep.equal([
      `${dir}/scenario.yaml:${at(later, 'lose it')}: spec.steps[0].fault.revert.step: no earlier step is named "lose it"; revert names a nodeLoss or drainNode step before it`,
    ]);
  });

  it('rejects a revert of a step that is not a node fault', async () => {
    const steps = `
    - name: web is ready
      waitFor:
        ready: { target: app=web }
    - name: delete it
      fault:
        deletePod: { target: app=web }${revertOf('delete it', 'undelete')}${revertOf('web is ready', 'unready')}`;
    expect(await problemsOf(load(steps))).to.deep.equal([
      `${dir}/scenario.yaml:${at(steps, 'delete it')}: spec.steps[2].fault.revert.step: step "delete it" injects deletePod, which has nothing to undo: revert undoes nodeLoss and drainNode steps`,
      `${dir}/scenario.yaml:${at(steps, 'web is ready')}: spec.steps[3].fault.revert.step: step "web is ready" is not a fault: revert undoes nodeLoss and drainNode steps`,
    ]);
  });

  it('rejects reverting the same step twice', async () => {
    const steps = `${LOSE}${revertOf('lose it')}${revertOf('lose it', 'again')}`;
    const lines = scenarioYaml('reverts', steps).split('\n');
    const second = lines.findLastIndex((l) => l.includes('revert: { step: lose it }'));
    expect(await problemsOf(load(steps))).to.deep.equal([
      `${dir}/scenario.yaml:${second + 1}:${lines[second]!.indexOf('lose it') + 1}: spec.steps[2].fault.revert.step: step "lose it" is reverted by an earlier step already`,
    ]);
  });
});
