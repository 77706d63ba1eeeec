import { expect } from 'chai';
import type { CheckContext } from '../../framework/expectations/expectation.js';
import { nodeCondition, type NodeConditionSpec } from '../../framework/expectations/node-condition.js';
import { nodeFaultsOf } from '../../framework/nodes/node-fault-record.js';
import { evaluation, stillPending, verdict } from '../builders/evaluation.js';
import { context, use } from '../builders/expectation-use.js';
import { node } from '../builders/node.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

/** Nodes vm, vm-2 (label zone=b) and vm-3 (zone=b), all Ready; nodeLoss acts on vm-2 at +10s (step 1). */
function lostVm2(): TimelineScript {
  const script = new TimelineScript();
  script.at(0,
    added(node({ name: 'vm' })),
    added(node({ name: 'vm-2', labels: { zone: 'b' } })),
    added(node({ name: 'vm-3', labels: { zone: 'b' } })));
  script.advanceTo(10_000);
  script.timeline.markNode('node-fault', 'nodeLoss: stop vm-2', 1, 'vm-2');
  return script;
}

const judge = (script: TimelineScript, spec: NodeConditionSpec) => {
  const ctx: CheckContext = { ...context(10_000, script.timeline), nodeFaults: nodeFaultsOf(script.timeline) };
  return nodeCondition.check(script.timeline.view, spec, ctx);
};

describe('nodeCondition expectation', () => {
  it('judges the node of the latest node fault by default, and holds once its Ready condition has a wanted status', () => {
    const script = lostVm2();
    expect(judge(script, { status: ['Unknown', 'False'] })).to.deep.equal({
      holds: false, observed: 'vm-2: Ready=True (KubeletReady: kubelet is posting ready status)',
    });
    script.at(52_000, modified(node({ name: 'vm-2', labels: { zone: 'b' }, ready: 'Unknown' })));
    expect(judge(script, { status: ['Unknown', 'False'] })).to.deep.equal({
      holds: true, observed: 'vm-2: Ready=Unknown (NodeStatusUnknown: Kubelet stopped posting node status.)',
    });
    expect(judge(script, { status: 'False' }).holds, 'Unknown is not False').to.equal(false);
  });

  it('through the engine: met within the grace period once the watch shows the node Unknown', async () => {
    const script = lostVm2();
    const tracked = evaluation(script, use('nodeCondition', { status: ['Unknown', 'False'] }, { within: '80s' }), { stepStart: 10_000 });
    script.at(40_000, modified(node({ name: 'vm', ready: 'Unknown' })));
    await stillPending(tracked);
    script.at(52_000, modified(node({ name: 'vm-2', labels: { zone: 'b' }, ready: 'Unknown' })));
    expect(await verdict(tracked)).to.deep.include({ passed: true, decidedAfterMs: 42_000 });
  });

  it('needs every referenced node to show it (by selector), and names each', () => {
    const script = lostVm2();
    script.at(52_000, modified(node({ name: 'vm-2', labels: { zone: 'b' }, ready: 'Unknown' })));
    const spec: NodeConditionSpec = { node: { selector: 'zone=b' }, status: 'Unknown' };
    expect(judge(script, spec)).to.deep.equal({
      holds: false,
      observed: 'vm-2: Ready=Unknown (NodeStatusUnknown: Kubelet stopped posting node status.); vm-3: Ready=True (KubeletReady: kubelet is posting ready status)',
    });
    script.at(53_000, modified(node({ name: 'vm-3', labels: { zone: 'b' }, ready: 'Unknown' })));
    expect(judge(script, spec).holds).to.equal(true);
  });

  it('judges a named node, and another condition type', () => {
    const script = lostVm2();
    script.at(20_000, modified(node({ name: 'vm', conditions: [{ type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory' }] })));
    expect(judge(script, { node: { name: 'vm' }, type: 'MemoryPressure', status: 'True' })).to.deep.equal({
      holds: true, observed: 'vm: MemoryPressure=True (KubeletHasInsufficientMemory)',
    });
    expect(judge(script, { node: { name: 'vm-3' }, type: 'DiskPressure', status: 'False' })).to.deep.equal({
      holds: false, observed: 'vm-3: no DiskPressure condition',
    });
    expect(judge(script, { node: { name: 'vm-9' }, status: 'True' })).to.deep.equal({ holds: false, observed: 'vm-9: not observed' });
    expect(judge(script, { node: { selector: 'zone=z' }, status: 'True' })).to.deep.equal({ holds: false, observed: 'no observed node matches nodes zone=z' });
  });

  it('does not apply without a node fault before it and without a node named, and says what to write', async () => {
    const script = new TimelineScript();
    script.at(0, added(node({ name: 'vm' })));
    const tracked = evaluation(script, use('nodeCondition', { status: 'Unknown' }, { within: '80s' }), { stepStart: 0 });
    expect(await verdict(tracked)).to.deep.include({
      passed: false,
      reason: 'no node fault came before this step, so there is no lost node to judge: name the node (node: { name: ... })',
      decidedAfterMs: 0,
    });
  });

  it('describes itself, and rejects an invalid selector at load time', () => {
    expect(nodeCondition.describe({ status: ['Unknown', 'False'] })).to.equal('the lost node(s) Ready=Unknown or False');
    expect(nodeCondition.describe({ node: { name: 'vm' }, type: 'DiskPressure', status: 'True' })).to.equal('node vm DiskPressure=True');
    expect(nodeCondition.validate!({ node: { selector: 'zone in (a' }, status: 'True' })).to.have.length(1);
  });
});
