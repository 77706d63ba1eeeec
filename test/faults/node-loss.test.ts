import { expect } from 'chai';
import { nodeLoss } from '../../framework/faults/node-loss.js';
import type { Marker } from '../../framework/observe/timeline-entry.js';
import { node } from '../builders/node.js';
import { onNode } from '../builders/node.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks, track } from '../builders/promises.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';
import { CommandLog, eventually, FakeNodeAccess, runNodeFault } from '../nodes/node-fault-support.js';

/** Three nodes (vm runs the control plane); web-0 Pending on vm-3, web-1 Running on vm-2, web-2 Running on vm-3. */
function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(0, added(node({ name: 'vm', controlPlane: true })), added(node({ name: 'vm-2' })), added(node({ name: 'vm-3' })));
  script.at(1_000,
    added(onNode(pod({ name: 'web-0', phase: 'Pending', waiting: 'ContainerCreating' }), 'vm-3')),
    added(onNode(pod({ name: 'web-1' }), 'vm-2')),
    added(onNode(pod({ name: 'web-2' }), 'vm-3')),
    added(onNode(pod({ name: 'db-0', labels: { app: 'db' } }), 'vm')));
  script.advanceTo(10_000);
  return script;
}

const nodeMarkers = (script: TimelineScript) => script.timeline.entries
  .filter((e): e is Marker => e.type === 'marker' && e.node !== undefined)
  .map((e) => ({ marker: e.marker, node: e.node, step: e.step }));

describe('nodeLoss fault', () => {
  let log: CommandLog;

  beforeEach(async () => {
    log = await CommandLog.create();
  });

  afterEach(async () => {
    await log.remove();
  });

  it('loses the node hosting the first Running target pod: marks it on the timeline, stops it, and leaves its revert on the cleanup stack', async () => {
    const script = cluster();
    const driver = log.commandDriver();
    const run = runNodeFault(script, 'nodeLoss', { node: { hosting: 'app=web' } }, { nodeDriver: driver, name: 'lose it', index: 2 });
    const outcome = await run.promise;
    expect(outcome.status, outcome.error).to.equal('passed');
    expect(outcome.summary).to.equal(`lost node vm-2 (\`echo stop vm-2 >> '${log.file}'\`: exit 0); the control plane notices after its node-monitor grace period (40s by default)`);
    expect(await log.lines()).to.deep.equal(['stop vm-2']);
    expect(nodeMarkers(script)).to.deep.equal([{ marker: 'node-fault', node: 'vm-2', step: 2 }]);
    expect(run.cleanup.pending).to.deep.equal([`bring node vm-2 back (if it fails, run: echo start vm-2 >> '${log.file}')`]);
  });

  it('registers its revert BEFORE calling the driver: when the stop command fails, cleanup still starts the node', async () => {
    const script = cluster();
    const driver = log.commandDriver({ stopThen: 'echo kubelet.service not loaded >&2; exit 5' });
    const run = runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' } }, { nodeDriver: driver });
    const outcome = await run.promise;
    expect(outcome.status).to.equal('error');
    expect(outcome.error).to.equal(`nodeLoss: \`echo stop vm-2 >> '${log.file}'; echo kubelet.service not loaded >&2; exit 5\` exited with 5: kubelet.service not loaded`);
    expect(run.cleanup.pending, 'the revert was registered although the driver threw').to.have.length(1);
    expect(nodeMarkers(script)).to.deep.equal([{ marker: 'node-fault', node: 'vm-2', step: 1 }]);
    expect(await run.cleanup.run()).to.deep.equal([]);
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
  });

  it('refuses a control-plane node unless allowControlPlane, before touching anything', async () => {
    const script = cluster();
    const run = runNodeFault(script, 'nodeLoss', { node: { hosting: 'app=db' } }, { nodeDriver: log.commandDriver() });
    const outcome = await run.promise;
    expect(outcome).to.deep.include({
      status: 'failed',
      error: 'nodeLoss: vm run(s) the control plane: losing it loses the API server and the run with it (set allowControlPlane: true if that is the experiment)',
    });
    expect(await log.lines()).to.deep.equal([]);
    expect(run.cleanup.pending).to.deep.equal([]);
    expect(nodeMarkers(script)).to.deep.equal([]);

    const allowed = await runNodeFault(script, 'nodeLoss', { node: { hosting: 'app=db' }, allowControlPlane: true }, { nodeDriver: log.commandDriver() }).promise;
    expect(allowed.status).to.equal('passed');
    expect(await log.lines()).to.deep.equal(['stop vm']);
  });

  it('refuses to run where the guard gave no NodeAccess (a cluster that was not allowed)', async () => {
    const script = cluster();
    const run = runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' } }, { nodes: false, nodeDriver: log.commandDriver() });
    const outcome = await run.promise;
    expect(outcome).to.deep.include({ status: 'error', error: 'nodeLoss: node faults are not enabled for this run: the cluster was not allowed (see --allow-context)' });
    expect(await log.lines()).to.deep.equal([]);
    expect(run.cleanup.pending).to.deep.equal([]);
  });

  it('fails, naming what is there, when no node matches', async () => {
    const script = cluster();
    const byName = await runNodeFault(script, 'nodeLoss', { node: { name: 'vm-9' } }, { nodeDriver: log.commandDriver() }).promise;
    expect(byName).to.deep.include({ status: 'failed', error: 'nodeLoss: there is no node vm-9 (nodes: vm, vm-2, vm-3)' });
    const hosting = await runNodeFault(script, 'nodeLoss', { node: { hosting: 'app=api' } }, { nodeDriver: log.commandDriver() }).promise;
    expect(hosting).to.deep.include({ status: 'failed', error: 'nodeLoss: no Running pod of pods app=api is bound to a node yet' });
    expect(await log.lines()).to.deep.equal([]);
  });

  it('`all` loses every node, in name order; cleanup brings them back last-lost-first', async () => {
    const script = cluster();
    const run = runNodeFault(script, 'nodeLoss', { node: { all: true }, allowControlPlane: true }, { nodeDriver: log.commandDriver() });
    expect((await run.promise).status).to.equal('passed');
    expect(await log.lines()).to.deep.equal(['stop vm', 'stop vm-2', 'stop vm-3']);
    expect(nodeMarkers(script).map((m) => m.node)).to.deep.equal(['vm', 'vm-2', 'vm-3']);
    expect(await run.cleanup.run()).to.deep.equal([]);
    expect((await log.lines()).slice(3)).to.deep.equal(['start vm-3', 'start vm-2', 'start vm']);
    expect(nodeMarkers(script).map((m) => `${m.marker} ${m.node}`)).to.deep.equal([
      'node-fault vm', 'node-fault vm-2', 'node-fault vm-3', 'fault-reverted vm-3', 'fault-reverted vm-2', 'fault-reverted vm',
    ]);
  });

  it('its revert starts the node, then waits for the watch to show it Ready=True again', async () => {
    const script = cluster();
    const run = runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' } }, { nodeDriver: log.commandDriver() });
    await run.promise;
    script.at(50_000, modified(node({ name: 'vm-2', ready: 'Unknown' })));
    const cleanup = track(run.cleanup.run());
    await eventually(() => script.clock.pendingTimers === 1, 'the revert to wait for the node on the watch');
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
    script.at(60_000, modified(node({ name: 'vm-2', ready: 'False' })));
    await flushMicrotasks();
    expect(cleanup.state, 'Ready=False is not back').to.equal('pending');
    script.at(70_000, modified(node({ name: 'vm-2', ready: 'True' })));
    await eventually(() => cleanup.state !== 'pending', 'cleanup to end');
    expect(cleanup.value).to.deep.equal([]);
    const reverted = script.timeline.entries.filter((e): e is Marker => e.type === 'marker' && e.marker === 'fault-reverted');
    expect(reverted.map((m) => ({ node: m.node, at: m.at - script.clock.now(), text: m.text }))).to.deep.equal([
      { node: 'vm-2', at: 0, text: `node vm-2 back (\`echo start vm-2 >> '${log.file}'\`: exit 0) and Ready` },
    ]);
  });

  it('its revert fails with a clear message, naming the command to run by hand, when the node is not Ready within 150s', async () => {
    const script = cluster();
    const run = runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' } }, { nodeDriver: log.commandDriver() });
    await run.promise;
    script.at(50_000, modified(node({ name: 'vm-2', ready: 'Unknown' })));
    const cleanup = track(run.cleanup.run());
    await eventually(() => script.clock.pendingTimers === 1, 'the revert to wait for the node on the watch');
    script.advanceTo(50_000 + 150_000 - 1);
    await flushMicrotasks();
    expect(cleanup.state).to.equal('pending');
    script.advanceTo(50_000 + 150_000);
    await eventually(() => cleanup.state !== 'pending', 'cleanup to end');
    expect(cleanup.value).to.deep.equal([
      `bring node vm-2 back (if it fails, run: echo start vm-2 >> '${log.file}'): \`echo start vm-2 >> '${log.file}'\`: exit 0, but node vm-2 was not Ready again within 150s`,
    ]);
  });

  it('describes itself and checks its node selection and driver settings at load time', () => {
    expect(nodeLoss.describe({ node: { hosting: 'app=web' } })).to.equal('lose the node hosting pods app=web');
    expect(nodeLoss.describe({ node: { all: true } })).to.equal('lose every node');
    expect(nodeLoss.validate!({ node: { selector: 'role in (a' } })).to.have.length(1);
    expect(nodeLoss.validate!({ node: { name: 'vm-2' }, driver: { command: { stop: 'systemctl stop kubelet', start: 'x {node}' } } })).to.deep.equal([
      { path: 'driver/command/stop', message: 'has no {node} placeholder: the command would act on the same machine whichever node the scenario picks' },
    ]);
    expect(nodeLoss.reach).to.equal('node');
  });

  it('drives the scenario\'s own driver when the command line chose none', async () => {
    const script = cluster();
    const driver = log.commandDriver();
    const outcome = await runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' }, driver: { command: driver.settings as { stop: string; start: string } } }, { nodes: new FakeNodeAccess() }).promise;
    expect(outcome.status, outcome.error).to.equal('passed');
    expect(await log.lines()).to.deep.equal(['stop vm-2']);
  });
});
