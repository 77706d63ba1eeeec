import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import type { EvictionResult } from '../../framework/cluster/node-access.js';
import { drainNode } from '../../framework/faults/drain-node.js';
import type { Marker } from '../../framework/observe/timeline-entry.js';
import { node, onNode } from '../builders/node.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks, settledValue } from '../builders/promises.js';
import { NAMESPACE } from '../builders/time.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';
import { FakeNodeAccess, runNodeFault, type FakeNodeAccessOptions } from '../nodes/node-fault-support.js';

const RS = { kind: 'ReplicaSet', name: 'web-5d4' };
const web0 = onNode(pod({ name: 'web-0', owner: RS }), 'vm-2');
const web1 = onNode(pod({ name: 'web-1', owner: RS }), 'vm-2');
const onVm = onNode(pod({ name: 'web-2', owner: RS }), 'vm');
const daemon = onNode(pod({ name: 'kube-proxy-x7', labels: { k8s: 'proxy' }, owner: { kind: 'DaemonSet', name: 'kube-proxy' } }), 'vm-2');
const mirror: V1Pod = { ...onNode(pod({ name: 'etcd-vm-2', labels: { component: 'etcd' } }), 'vm-2') };
mirror.metadata = { ...mirror.metadata, annotations: { 'kubernetes.io/config.mirror': 'abc123' } };
const completed = onNode(pod({ name: 'job-x', labels: { job: 'x' }, phase: 'Succeeded', terminated: { reason: 'Completed', exitCode: 0 } }), 'vm-2');
const otherTeam: V1Pod = { ...onNode(pod({ name: 'db-0', labels: { app: 'db' } }), 'vm-2') };
otherTeam.metadata = { ...otherTeam.metadata, namespace: 'other-team', uid: 'uid-other-db-0' };

const BUDGET = "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web-pdb needs 2 healthy pods and has 2 currently";

/** Nodes vm and vm-2; the run's pods web-0 and web-1 on vm-2, web-2 on vm. */
function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(0, added(node({ name: 'vm' })), added(node({ name: 'vm-2' })));
  script.at(1_000, added(web0), added(web1), added(onVm));
  script.advanceTo(10_000);
  return script;
}

/** A NodeAccess whose writes the watch shows at once, as the API server would: the node (un)cordoned, the evicted pod Terminating. */
function apiServer(script: TimelineScript, options: Pick<FakeNodeAccessOptions, 'evict'> & { showCordon?: boolean } = {}): FakeNodeAccess {
  const byName = new Map([web0, web1, onVm].map((p) => [p.metadata!.name!, p]));
  return new FakeNodeAccess({
    pods: { 'vm-2': [web0, daemon, mirror, completed, otherTeam, web1], vm: [onVm] },
    ...(options.evict && { evict: options.evict }),
    onCordon: (name, unschedulable) => {
      if (options.showCordon !== false) script.timeline.record(modified(node({ name, unschedulable })));
    },
    onEvict: (namespace, name) => {
      const evicted = byName.get(name);
      if (namespace === NAMESPACE && evicted) {
        script.timeline.record(modified({ ...evicted, metadata: { ...evicted.metadata, deletionTimestamp: new Date(script.clock.now()).toISOString() as unknown as Date } }));
      }
    },
  });
}

const evictions = (nodes: FakeNodeAccess) => nodes.calls.flatMap((c) => (c.call === 'evictPod' ? [`${c.namespace}/${c.pod}`] : []));

describe('drainNode fault', () => {
  it('cordons the node, then evicts every pod on it except DaemonSet, mirror and finished pods, as kubectl drain does', async () => {
    const script = cluster();
    const nodes = apiServer(script);
    const run = runNodeFault(script, 'drainNode', { node: { hosting: 'app=web' } }, { nodes, name: 'drain', index: 2 });
    const outcome = await settledValue(run.step, 'the drain');
    expect(outcome.status, outcome.error).to.equal('passed');
    expect(nodes.calls.slice(0, 2)).to.deep.equal([{ call: 'setUnschedulable', node: 'vm-2', unschedulable: true }, { call: 'podsOnNode', node: 'vm-2' }]);
    expect(evictions(nodes)).to.deep.equal([`${NAMESPACE}/web-0`, 'other-team/db-0', `${NAMESPACE}/web-1`]);
    expect(outcome.summary).to.equal(`cordoned node vm-2 and evicted 3 pod(s): ${NAMESPACE}/web-0, other-team/db-0, ${NAMESPACE}/web-1`);
    const markers = script.timeline.entries.filter((e): e is Marker => e.type === 'marker' && e.node !== undefined);
    expect(markers.map((m) => `${m.marker} ${m.node} step ${m.step}`)).to.deep.equal(['node-fault vm-2 step 2']);
    expect(run.cleanup.pending).to.deep.equal(['uncordon node vm-2 (if it fails, run: kubectl uncordon vm-2)']);
  });

  it('pods: namespace evicts only the run\'s own pods', async () => {
    const script = cluster();
    const nodes = apiServer(script);
    const outcome = await settledValue(runNodeFault(script, 'drainNode', { node: { name: 'vm-2' }, pods: 'namespace' }, { nodes }).step);
    expect(outcome.status, outcome.error).to.equal('passed');
    expect(evictions(nodes)).to.deep.equal([`${NAMESPACE}/web-0`, `${NAMESPACE}/web-1`]);
  });

  it('fails when no watch event shows the node cordoned within 30s, and evicts nothing', async () => {
    const script = cluster();
    const nodes = apiServer(script, { showCordon: false });
    const run = runNodeFault(script, 'drainNode', { node: { name: 'vm-2' } }, { nodes });
    await flushMicrotasks();
    script.advanceTo(10_000 + 30_000 - 1);
    await flushMicrotasks();
    expect(run.step.state).to.equal('pending');
    script.advanceTo(10_000 + 30_000);
    expect(await settledValue(run.step)).to.deep.include({
      status: 'failed', error: 'drainNode: the API server accepted cordoning vm-2, but no watch event showed it unschedulable within 30s',
    });
    expect(evictions(nodes)).to.deep.equal([]);
    expect(run.cleanup.pending, 'the uncordon is registered before the cordon').to.have.length(1);
  });

  it('asks again every 5s while a disruption budget refuses (on the run\'s clock), and goes on once it allows', async () => {
    const script = cluster();
    const refusedTwice = (_ns: string, name: string, attempt: number): EvictionResult =>
      (name === 'web-0' && attempt <= 2 ? { evicted: false, reason: BUDGET } : { evicted: true });
    const nodes = apiServer(script, { evict: refusedTwice });
    const run = runNodeFault(script, 'drainNode', { node: { name: 'vm-2' }, pods: 'namespace' }, { nodes });
    await flushMicrotasks();
    expect(evictions(nodes)).to.deep.equal([`${NAMESPACE}/web-0`]);
    expect(run.logs).to.include(`eviction of ${NAMESPACE}/web-0 refused (${BUDGET}); asking again in 5s`);
    script.advanceTo(14_999);
    await flushMicrotasks();
    expect(evictions(nodes), 'not before 5s').to.have.length(1);
    script.advanceTo(15_000);
    await flushMicrotasks();
    expect(evictions(nodes)).to.have.length(2);
    script.advanceTo(20_000);
    const outcome = await settledValue(run.step);
    expect(outcome.status, outcome.error).to.equal('passed');
    expect(evictions(nodes)).to.deep.equal([`${NAMESPACE}/web-0`, `${NAMESPACE}/web-0`, `${NAMESPACE}/web-0`, `${NAMESPACE}/web-1`]);
  });

  it('gives up at evictionTimeout with FaultNotEffectiveError naming the budget', async () => {
    const script = cluster();
    const nodes = apiServer(script, { evict: () => ({ evicted: false, reason: BUDGET }) });
    const run = runNodeFault(script, 'drainNode', { node: { name: 'vm-2' }, pods: 'namespace', evictionTimeout: '12s' }, { nodes });
    for (const at of [15_000, 20_000]) {
      await flushMicrotasks();
      script.advanceTo(at);
    }
    const outcome = await settledValue(run.step);
    expect(outcome).to.deep.include({
      status: 'failed',
      error: `drainNode: evicting ${NAMESPACE}/web-0 was still refused after 12s: ${BUDGET} (a PodDisruptionBudget allows no disruption now)`,
    });
    expect(evictions(nodes), 'asked at 0, 5 and 10s; a fourth time would be past 12s').to.have.length(3);
  });

  it('uncordons on revert, proven by the watch', async () => {
    const script = cluster();
    const nodes = apiServer(script);
    const run = runNodeFault(script, 'drainNode', { node: { name: 'vm-2' }, pods: 'namespace' }, { nodes });
    await settledValue(run.step);
    const problems = run.cleanup.run();
    await flushMicrotasks();
    expect(await problems).to.deep.equal([]);
    expect(nodes.calls.at(-1)).to.deep.equal({ call: 'setUnschedulable', node: 'vm-2', unschedulable: false });
    expect(script.timeline.view.nodes.find((n) => n.metadata?.name === 'vm-2')?.spec?.unschedulable).to.equal(undefined);
    const reverted = script.timeline.entries.filter((e): e is Marker => e.type === 'marker' && e.marker === 'fault-reverted');
    expect(reverted.map((m) => `${m.node}: ${m.text}`)).to.deep.equal(['vm-2: uncordoned node vm-2']);
  });

  it('describes itself', () => {
    expect(drainNode.describe({ node: { hosting: 'app=web' } })).to.equal('drain the node hosting pods app=web');
    expect(drainNode.describe({ node: { name: 'vm-2' }, pods: 'namespace' })).to.equal("drain node vm-2 (the run's pods only)");
    expect(drainNode.reach).to.equal('node');
  });
});
