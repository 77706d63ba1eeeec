import { expect } from 'chai';
import type { CheckContext } from '../../framework/expectations/expectation.js';
import { nodeTaint, type NodeTaintSpec } from '../../framework/expectations/node-taint.js';
import { nodeFaultsOf } from '../../framework/nodes/node-fault-record.js';
import { context } from '../builders/expectation-use.js';
import { node, UNREACHABLE, UNSCHEDULABLE } from '../builders/node.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

/** Nodes vm and vm-2; nodeLoss acts on vm-2 at +10s. */
function lostVm2(): TimelineScript {
  const script = new TimelineScript();
  script.at(0, added(node({ name: 'vm' })), added(node({ name: 'vm-2' })));
  script.advanceTo(10_000);
  script.timeline.markNode('node-fault', 'nodeLoss: stop vm-2', 1, 'vm-2');
  return script;
}

const judge = (script: TimelineScript, spec: NodeTaintSpec) => {
  const ctx: CheckContext = { ...context(10_000, script.timeline), nodeFaults: nodeFaultsOf(script.timeline) };
  return nodeTaint.check(script.timeline.view, spec, ctx);
};

describe('nodeTaint expectation', () => {
  it('holds once the lost node carries the taint, with the wanted effect when one is given', () => {
    const script = lostVm2();
    expect(judge(script, { key: UNREACHABLE })).to.deep.equal({ holds: false, observed: 'vm-2: no taints' });
    script.at(52_000, modified(node({ name: 'vm-2', ready: 'Unknown', taints: [{ key: UNREACHABLE, effect: 'NoSchedule' }] })));
    expect(judge(script, { key: UNREACHABLE })).to.deep.equal({ holds: true, observed: 'vm-2: taints node.kubernetes.io/unreachable:NoSchedule' });
    expect(judge(script, { key: UNREACHABLE, effect: 'NoExecute' }).holds, 'only NoSchedule so far').to.equal(false);
    script.at(57_000, modified(node({ name: 'vm-2', ready: 'Unknown', taints: [{ key: UNREACHABLE, effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute' }] })));
    expect(judge(script, { key: UNREACHABLE, effect: 'NoExecute' })).to.deep.equal({
      holds: true, observed: 'vm-2: taints node.kubernetes.io/unreachable:NoSchedule, node.kubernetes.io/unreachable:NoExecute',
    });
  });

  it('present: false holds once no referenced node has it (the node is back)', () => {
    const script = lostVm2();
    script.at(52_000, modified(node({ name: 'vm-2', taints: [{ key: UNREACHABLE, effect: 'NoExecute' }] })));
    expect(judge(script, { key: UNREACHABLE, present: false }).holds).to.equal(false);
    expect(judge(script, { key: UNREACHABLE, effect: 'NoSchedule', present: false }).holds, 'no NoSchedule taint of that key').to.equal(true);
    script.at(90_000, modified(node({ name: 'vm-2' })));
    expect(judge(script, { key: UNREACHABLE, present: false })).to.deep.equal({ holds: true, observed: 'vm-2: no taints' });
  });

  it('judges named nodes, shows taint values, and never holds for a node not observed', () => {
    const script = lostVm2();
    script.at(20_000, modified(node({ name: 'vm', unschedulable: true, taints: [{ key: UNSCHEDULABLE, effect: 'NoSchedule' }, { key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })));
    expect(judge(script, { node: { name: 'vm' }, key: UNSCHEDULABLE, effect: 'NoSchedule' })).to.deep.equal({
      holds: true, observed: 'vm: taints node.kubernetes.io/unschedulable:NoSchedule, dedicated=db:NoSchedule',
    });
    expect(judge(script, { node: { name: 'vm-9' }, key: UNREACHABLE, present: false })).to.deep.equal({ holds: false, observed: 'vm-9: not observed' });
  });

  it('does not apply with no node fault before it and no node named', () => {
    const script = new TimelineScript();
    script.at(0, added(node({ name: 'vm' })));
    expect(nodeTaint.check(script.timeline.view, { key: UNREACHABLE }, { ...context(0, script.timeline), nodeFaults: [] })).to.deep.equal({
      holds: false, observed: 'no node to judge',
      inapplicable: 'no node fault came before this step, so there is no lost node to judge: name the node (node: { name: ... })',
    });
  });

  it('describes itself', () => {
    expect(nodeTaint.describe({ key: UNREACHABLE, effect: 'NoExecute' })).to.equal('the lost node(s) tainted node.kubernetes.io/unreachable:NoExecute');
    expect(nodeTaint.describe({ node: { selector: 'zone=b' }, key: UNREACHABLE, present: false })).to.equal('nodes zone=b without node.kubernetes.io/unreachable');
  });
});
