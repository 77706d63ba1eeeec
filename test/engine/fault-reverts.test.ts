import { expect } from 'chai';
import { CleanupStack } from '../../framework/engine/cleanup-stack.js';
import { FaultReverts } from '../../framework/engine/fault-reverts.js';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import type { Revert } from '../../framework/faults/fault.js';
import type { Marker } from '../../framework/observe/timeline-entry.js';
import { ManualClock } from '../../framework/engine/clock.js';
import { Timeline } from '../../framework/observe/timeline.js';
import { scenarioYaml } from '../integration/harness.js';
import { ScenarioRig } from '../integration/scenario-rig.js';
import { CommandLog } from '../nodes/node-fault-support.js';

/** A revert that records its runs in `ran`, and fails when `fails` says so. */
function revertOf(ran: string[], name: string, options: { node?: string; fails?: () => boolean } = {}): Revert {
  return {
    description: `undo ${name}`,
    manual: `fix ${name} by hand`,
    ...(options.node !== undefined && { node: options.node }),
    async run() {
      ran.push(name);
      if (options.fails?.()) throw new Error(`${name} would not come back`);
      return `${name} undone`;
    },
  };
}

const revertMarkers = (timeline: Timeline) => timeline.entries
  .filter((e): e is Marker => e.type === 'marker' && e.marker === 'fault-reverted')
  .map((m) => ({ text: m.text, step: m.step, ...(m.node !== undefined && { node: m.node }) }));

describe('FaultReverts', () => {
  let cleanup: CleanupStack;
  let timeline: Timeline;
  let reverts: FaultReverts;
  let ran: string[];

  beforeEach(() => {
    cleanup = new CleanupStack();
    timeline = new Timeline(new ManualClock(0));
    reverts = new FaultReverts(cleanup, timeline);
    ran = [];
  });

  it('puts each revert on the cleanup stack as it is registered, naming the command to run by hand', async () => {
    await reverts.register({ index: 2, name: 'lose vm-2' }, revertOf(ran, 'vm-2', { node: 'vm-2' }));
    expect(cleanup.pending).to.deep.equal(['undo vm-2 (if it fails, run: fix vm-2 by hand)']);
    expect(ran).to.deep.equal([]);
  });

  it('cleanup runs the reverts last-registered-first and marks each on the timeline (with its node, when it has one)', async () => {
    await reverts.register({ index: 1, name: 'lose vm-2' }, revertOf(ran, 'vm-2', { node: 'vm-2' }));
    await reverts.register({ index: 3, name: 'drain vm-3' }, revertOf(ran, 'vm-3', { node: 'vm-3' }));
    await reverts.register({ index: 4, name: 'other' }, revertOf(ran, 'other'));
    expect(await cleanup.run()).to.deep.equal([]);
    expect(ran).to.deep.equal(['other', 'vm-3', 'vm-2']);
    expect(revertMarkers(timeline)).to.deep.equal([
      { text: 'other undone', step: 4 },
      { text: 'vm-3 undone', step: 3, node: 'vm-3' },
      { text: 'vm-2 undone', step: 1, node: 'vm-2' },
    ]);
  });

  it('a revert step runs its step\'s reverts once, last registered first; cleanup then does not run them again', async () => {
    await reverts.register({ index: 1, name: 'lose all' }, revertOf(ran, 'vm', { node: 'vm' }));
    await reverts.register({ index: 1, name: 'lose all' }, revertOf(ran, 'vm-2', { node: 'vm-2' }));
    await reverts.register({ index: 2, name: 'drain' }, revertOf(ran, 'vm-3', { node: 'vm-3' }));
    expect(await reverts.revertStep('lose all', new AbortController().signal)).to.deep.equal(['vm-2 undone', 'vm undone']);
    expect(ran).to.deep.equal(['vm-2', 'vm']);
    expect(await cleanup.run()).to.deep.equal([]);
    expect(ran).to.deep.equal(['vm-2', 'vm', 'vm-3']);
  });

  it('refuses to revert a step twice, or a step that registered nothing', async () => {
    await reverts.register({ index: 1, name: 'lose vm-2' }, revertOf(ran, 'vm-2'));
    await reverts.revertStep('lose vm-2', new AbortController().signal);
    const again = await reverts.revertStep('lose vm-2', new AbortController().signal).then(() => 'resolved', (e: Error) => e.message);
    expect(again).to.equal('step "lose vm-2" was reverted already');
    const nothing = await reverts.revertStep('wait', new AbortController().signal).then(() => 'resolved', (e: Error) => e.message);
    expect(nothing).to.equal('step "wait" has nothing to revert: only a nodeLoss or drainNode step that ran before this one can be reverted');
  });

  it('a revert that failed at its step is tried again at cleanup; a failure there is a cleanup problem naming the manual command', async () => {
    let attempts = 0;
    await reverts.register({ index: 1, name: 'lose vm-2' }, revertOf(ran, 'vm-2', { fails: () => ++attempts <= 2 }));
    const atStep = await reverts.revertStep('lose vm-2', new AbortController().signal).then(() => 'resolved', (e: Error) => e.message);
    expect(atStep).to.equal('vm-2 would not come back');
    expect(await cleanup.run()).to.deep.equal(['undo vm-2 (if it fails, run: fix vm-2 by hand): vm-2 would not come back']);
    expect(revertMarkers(timeline)).to.deep.equal([]);
  });
});

describe('reverts in runScenario (fake API server, command driver)', function () {
  this.timeout(10_000);
  let rig: ScenarioRig;
  let log: CommandLog;

  beforeEach(async () => {
    rig = await ScenarioRig.create();
    log = await CommandLog.create();
    rig.api.put({ kind: 'Node', metadata: { name: 'vm-2' }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  });

  afterEach(async () => {
    await rig.stop();
    await log.remove();
  });

  const LOSE = `
    - name: lose vm-2
      fault:
        nodeLoss: { node: { name: vm-2 } }`;

  const reverted = (result: ScenarioResult) => result.timeline.flatMap((e) => (e.type === 'marker' && e.marker === 'fault-reverted' ? [`${e.node}: ${e.text}`] : []));

  it('brings the node back at cleanup when the scenario fails, before the namespace is deleted', async () => {
    const run = await rig.start(scenarioYaml('lose-then-fail', `${LOSE}
    - name: a restart that never comes
      expect:
        restarts: { target: app=web, atLeast: 1, within: 200ms }`), { nodes: rig.cluster, nodeDriver: log.commandDriver() });
    const result = await run.result;
    expect(result.verdict).to.equal('failed');
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
    expect(reverted(result)).to.deep.equal([`vm-2: node vm-2 back (\`echo start vm-2 >> '${log.file}'\`: exit 0) and Ready`]);
    const cleanupStart = result.timeline.find((e) => e.type === 'marker' && e.marker === 'cleanup-start');
    expect(cleanupStart?.type === 'marker' && cleanupStart.text).to.match(/^bring node vm-2 back \(if it fails, run: .*\), stop watching, delete namespace /);
    rig.expectNamespaceDeleted(run.namespace);
  });

  it('brings the node back at cleanup when the scenario times out', async () => {
    const run = await rig.start(scenarioYaml('lose-then-time-out', `${LOSE}
    - name: a restart that never comes
      expect:
        restarts: { target: app=web, atLeast: 1, within: 30s }`, { timeout: '1s' }), { nodes: rig.cluster, nodeDriver: log.commandDriver() });
    const result = await run.result;
    expect(result).to.deep.include({ verdict: 'failed', message: 'the scenario did not finish within its timeout of 1.00s (during step "a restart that never comes")' });
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
  });

  it('brings the node back at cleanup when the run is interrupted', async () => {
    const interrupt = new AbortController();
    const run = await rig.start(scenarioYaml('lose-then-interrupt', `${LOSE}
    - name: a restart that never comes
      expect:
        restarts: { target: app=web, atLeast: 1, within: 30s }`), { nodes: rig.cluster, nodeDriver: log.commandDriver(), signal: interrupt.signal });
    await run.log.until('step 2/2');
    interrupt.abort(new Error('interrupted (Ctrl-C)'));
    const result = await run.result;
    expect(result.verdict).to.equal('interrupted');
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
  });

  it('a revert step brings the node back once: cleanup does not start it again', async () => {
    const run = await rig.start(scenarioYaml('lose-and-revert', `${LOSE}
    - name: bring it back
      fault:
        revert: { step: lose vm-2 }`), { nodes: rig.cluster, nodeDriver: log.commandDriver() });
    const result = await run.result;
    expect(result.verdict, result.message).to.equal('passed');
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
    expect(result.steps[1]).to.deep.include({ status: 'passed', summary: `node vm-2 back (\`echo start vm-2 >> '${log.file}'\`: exit 0) and Ready` });
    expect(reverted(result)).to.have.length(1);
  });

  it('a revert that fails at cleanup makes a passing scenario an error, naming the command to run by hand', async () => {
    const driver = log.commandDriver({ startThen: 'echo "k3s-agent: unit not found" >&2; exit 3' });
    const run = await rig.start(scenarioYaml('lose-and-fail-to-revert', LOSE), { nodes: rig.cluster, nodeDriver: driver });
    const result = await run.result;
    const start = `echo start vm-2 >> '${log.file}'; echo "k3s-agent: unit not found" >&2; exit 3`;
    expect(result.verdict).to.equal('error');
    expect(result.message).to.include(`the scenario passed, but cleanup failed: bring node vm-2 back (if it fails, run: ${start}): \`${start}\` exited with 3: k3s-agent: unit not found`);
    expect(result.cleanupProblems).to.have.length(1);
    rig.expectNamespaceDeleted(run.namespace);
  });

  it('a revert that fails after a failed step is added to the failure message', async () => {
    const driver = log.commandDriver({ startThen: 'exit 3' });
    const run = await rig.start(scenarioYaml('lose-fail-and-fail-to-revert', `${LOSE}
    - name: a restart that never comes
      expect:
        restarts: { target: app=web, atLeast: 1, within: 200ms }`), { nodes: rig.cluster, nodeDriver: driver });
    const result = await run.result;
    expect(result.verdict).to.equal('failed');
    expect(result.message).to.match(/^step 2 "a restart that never comes" failed: .*; cleanup failed too: bring node vm-2 back \(if it fails, run: echo start vm-2 >> .*; exit 3\): .* exited with 3: it printed nothing/);
  });
});
