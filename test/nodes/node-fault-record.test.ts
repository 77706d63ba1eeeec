import { expect } from 'chai';
import { latestNodeFault, nodeFaultsOf } from '../../framework/nodes/node-fault-record.js';
import { node, onNode } from '../builders/node.js';
import { pod } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, deleted, TimelineScript } from '../builders/timeline-script.js';

describe('node fault records (from the timeline\'s node-fault markers)', () => {
  it('records each node a fault acted on, with the run\'s pods bound to it at that moment, and where it was reverted', () => {
    const script = new TimelineScript();
    script.at(0, added(node({ name: 'vm' })), added(node({ name: 'vm-2' })));
    script.at(1_000, added(onNode(pod({ name: 'web-0' }), 'vm-2')), added(onNode(pod({ name: 'web-1' }), 'vm')), added(onNode(pod({ name: 'web-2' }), 'vm-2')));
    script.at(2_000, deleted(onNode(pod({ name: 'web-2' }), 'vm-2')));
    script.advanceTo(5_000);
    script.timeline.markNode('node-fault', 'nodeLoss: stop vm-2', 2, 'vm-2');
    const faultPosition = script.timeline.entries.length - 1;
    script.at(6_000, added(onNode(pod({ name: 'web-3' }), 'vm-2')));
    expect(nodeFaultsOf(script.timeline)).to.deep.equal([
      { step: 2, node: 'vm-2', at: T0 + 5_000, position: faultPosition, pods: new Map([['uid-web-0', 'web-0']]) },
    ]);

    script.advanceTo(9_000);
    script.timeline.markNode('fault-reverted', 'node vm-2 back', 2, 'vm-2');
    const revertedPosition = script.timeline.entries.length - 1;
    expect(nodeFaultsOf(script.timeline)[0]).to.deep.include({ revertedPosition });
  });

  it('matches a revert to the latest unreverted fault on the same node; the latest fault step is what expectations judge by default', () => {
    const script = new TimelineScript();
    script.at(0, added(node({ name: 'vm' })), added(node({ name: 'vm-2' })));
    script.timeline.markNode('node-fault', 'drain vm-2', 1, 'vm-2');
    script.timeline.markNode('fault-reverted', 'uncordoned', 1, 'vm-2');
    script.timeline.markNode('node-fault', 'lose vm', 3, 'vm');
    script.timeline.markNode('node-fault', 'lose vm-2', 3, 'vm-2');
    script.timeline.mark('fault-injected', 'unrelated marker', 3);
    const records = nodeFaultsOf(script.timeline);
    expect(records.map((r) => ({ step: r.step, node: r.node, reverted: r.revertedPosition !== undefined }))).to.deep.equal([
      { step: 1, node: 'vm-2', reverted: true },
      { step: 3, node: 'vm', reverted: false },
      { step: 3, node: 'vm-2', reverted: false },
    ]);
    expect(latestNodeFault(records).map((r) => r.node)).to.deep.equal(['vm', 'vm-2']);
    expect(latestNodeFault([])).to.deep.equal([]);
  });
});
