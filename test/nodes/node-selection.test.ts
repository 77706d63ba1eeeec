import { expect } from 'chai';
import { describeNodeSelection, isControlPlane, nodeSelectionProblems, selectNodes } from '../../framework/nodes/node-selection.js';
import { ClusterView } from '../../framework/observe/cluster-view.js';
import { node, onNode } from '../builders/node.js';
import { pod } from '../builders/pod.js';
import { added, viewOf } from '../builders/timeline-script.js';

const names = (nodes: ReturnType<typeof selectNodes>) => nodes.map((n) => n.metadata?.name);

describe('node selection', () => {
  const view = viewOf([
    added(node({ name: 'vm-3', labels: { role: 'worker', zone: 'b' } })),
    added(node({ name: 'vm', controlPlane: true, labels: { role: 'master' } })),
    added(node({ name: 'vm-2', labels: { role: 'worker', zone: 'a' } })),
    added(onNode(pod({ name: 'web-b', deletionTimestamp: 0 }), 'vm')),
    added(onNode(pod({ name: 'web-c' }), 'vm-3')),
    added(onNode(pod({ name: 'web-d' }), 'vm-2')),
  ]);

  it('hosting: the node of the first Running target pod by name, leaving out Terminating ones', () => {
    expect(names(selectNodes(view, { hosting: 'app=web' }))).to.deep.equal(['vm-3']);
  });

  it('selector: every node whose labels match, in name order; all: every node; name: that node', () => {
    expect(names(selectNodes(view, { selector: 'role=worker' }))).to.deep.equal(['vm-2', 'vm-3']);
    expect(names(selectNodes(view, { all: true }))).to.deep.equal(['vm', 'vm-2', 'vm-3']);
    expect(names(selectNodes(view, { name: 'vm-2' }))).to.deep.equal(['vm-2']);
  });

  it('says why nothing was selected, naming the nodes there are', () => {
    expect(() => selectNodes(view, { selector: 'zone=z' })).to.throw('no node has labels matching zone=z (nodes: vm, vm-2, vm-3)');
    expect(() => selectNodes(ClusterView.empty(), { all: true })).to.throw('no node is observed: does RBAC allow listing and watching nodes? (see docs/rbac-node-faults.yaml)');
  });

  it('knows a control-plane node by its role label (control-plane, or master before 1.20)', () => {
    expect(isControlPlane(node({ controlPlane: true }))).to.equal(true);
    expect(isControlPlane(node({ labels: { 'node-role.kubernetes.io/master': '' } }))).to.equal(true);
    expect(isControlPlane(node())).to.equal(false);
  });

  it('describes the selection, and rejects an invalid selector', () => {
    expect(describeNodeSelection({ hosting: { selector: 'app=web' } })).to.equal('the node hosting pods app=web');
    expect(describeNodeSelection({ selector: 'role=worker' })).to.equal('nodes role=worker');
    expect(nodeSelectionProblems({ selector: 'role in (a' })).to.have.length(1);
    expect(nodeSelectionProblems({ selector: 'role in (a' })[0]!.path).to.equal('node/selector');
  });
});
