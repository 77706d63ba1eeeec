import { expect } from 'chai';
import type { Scenario, Step } from '../../framework/model/scenario.js';
import { observesNodes } from '../../framework/nodes/allowed-clusters.js';
import { use } from '../builders/expectation-use.js';
import { expectStep, faultStep } from '../builders/steps.js';

function scenarioOf(...steps: Step[]): Scenario {
  return { file: 'scenarios/x.yaml', name: 'x', description: '', timeoutMs: 60_000, manifests: [], steps, source: { file: 'scenarios/x.yaml', line: 1, column: 1 } };
}

describe('observesNodes: a run lists and watches the cluster\'s nodes only when it judges or acts on them', () => {
  it('does not for pod faults and pod expectations (a cluster may have thousands of nodes)', () => {
    expect(observesNodes(scenarioOf(
      faultStep('deletePod', { target: 'app=web' }),
      expectStep([use('replacement', { target: 'app=web', elsewhere: true }), use('evicted', {})]),
    ))).to.equal(false);
  });

  it('does for node faults, and for node expectations, also inside a sequence', () => {
    expect(observesNodes(scenarioOf(faultStep('drainNode', { node: { hosting: 'app=web' } })))).to.equal(true);
    expect(observesNodes(scenarioOf(expectStep([use('nodeCondition', { node: { name: 'vm' }, status: 'True' })])))).to.equal(true);
    expect(observesNodes(scenarioOf(expectStep([use('sequence', { of: [{ ready: { target: 'app=web' } }, { nodeTaint: { node: { name: 'vm' }, key: 'k' } }] })])))).to.equal(true);
  });
});
