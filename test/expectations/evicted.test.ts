import { expect } from 'chai';
import type { CheckContext } from '../../framework/expectations/expectation.js';
import { evicted, type EvictedSpec } from '../../framework/expectations/evicted.js';
import { nodeFaultsOf } from '../../framework/nodes/node-fault-record.js';
import { evaluation, stillPending, verdict } from '../builders/evaluation.js';
import { context, use } from '../builders/expectation-use.js';
import { node, onNode } from '../builders/node.js';
import { pod, type PodShape } from '../builders/pod.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';

const RS = { kind: 'ReplicaSet', name: 'web-5d4' };
const at = (name: string, nodeName: string, shape: PodShape = {}) => onNode(pod({ name, owner: RS, ...shape }), nodeName);

/** web-0 and web-1 on vm-2, web-2 on vm, and cache-0 (app=cache) on vm-2; `nodeLoss` acts on `lost` at +10s. */
function lost(nodeName = 'vm-2'): TimelineScript {
  const script = new TimelineScript();
  script.at(0, added(node({ name: 'vm' })), added(node({ name: 'vm-2' })), added(node({ name: 'vm-3' })));
  script.at(1_000, added(at('web-0', 'vm-2')), added(at('web-1', 'vm-2')), added(at('web-2', 'vm')),
    added(onNode(pod({ name: 'cache-0', labels: { app: 'cache' } }), 'vm-2')));
  script.advanceTo(10_000);
  script.timeline.markNode('node-fault', `nodeLoss: stop ${nodeName}`, 1, nodeName);
  return script;
}

const judge = (script: TimelineScript, spec: EvictedSpec) => {
  const ctx: CheckContext = { ...context(10_000, script.timeline), nodeFaults: nodeFaultsOf(script.timeline) };
  return evicted.check(script.timeline.view, spec, ctx);
};

const terminating = (name: string, ms: number) => modified(at(name, 'vm-2', { deletionTimestamp: ms, podReady: false }));

describe('evicted expectation', () => {
  it('holds once every target pod that was on the node when the fault acted is Terminating', () => {
    const script = lost();
    expect(judge(script, { target: 'app=web' })).to.deep.equal({ holds: false, observed: '0 of 2 pod(s) that were on vm-2 evicted: web-0 (Running), web-1 (Running)' });
    script.at(70_000, terminating('web-0', 70_000));
    expect(judge(script, { target: 'app=web' })).to.deep.equal({ holds: false, observed: '1 of 2 pod(s) that were on vm-2 evicted: web-0 (Terminating), web-1 (Running)' });
    expect(judge(script, { target: 'app=web', count: 1 }).holds).to.equal(true);
    script.at(70_100, terminating('web-1', 70_100));
    expect(judge(script, { target: 'app=web' }).holds).to.equal(true);
    expect(judge(script, {}).holds, 'without a target, cache-0 counts too').to.equal(false);
  });

  it('ignores pods that came to the node after the fault acted, and pods on other nodes', () => {
    const script = lost();
    script.at(11_000, added(at('web-3', 'vm-2')));
    script.at(70_000, modified(at('web-2', 'vm', { deletionTimestamp: 70_000 })));
    expect(judge(script, { target: 'app=web' }).observed).to.equal('0 of 2 pod(s) that were on vm-2 evicted: web-0 (Running), web-1 (Running)');
  });

  it('gone: holds only once they are deleted from the API (when the lost node is back)', () => {
    const script = lost();
    script.at(70_000, terminating('web-0', 70_000), terminating('web-1', 70_000));
    expect(judge(script, { target: 'app=web', gone: true }).holds).to.equal(false);
    script.at(200_000, deleted(at('web-0', 'vm-2')), deleted(at('web-1', 'vm-2')));
    expect(judge(script, { target: 'app=web', gone: true })).to.deep.equal({ holds: true, observed: '2 of 2 pod(s) that were on vm-2 gone: web-0 (gone), web-1 (gone)' });
  });

  it('never with count 1 passes when nothing is evicted for the whole window (full disruption mode)', async () => {
    const script = lost();
    const tracked = evaluation(script, use('evicted', { target: 'app=web', count: 1 }, { never: '45s' }), { stepStart: 60_000 });
    script.advanceTo(104_999);
    await stillPending(tracked);
    script.advanceTo(105_000);
    expect(await verdict(tracked)).to.deep.include({ passed: true, observed: '0 of 2 pod(s) that were on vm-2 evicted: web-0 (Running), web-1 (Running)' });
  });

  it('never with count 1 fails the moment one pod is evicted', async () => {
    const script = lost();
    const tracked = evaluation(script, use('evicted', { target: 'app=web', count: 1 }, { never: '45s' }), { stepStart: 60_000 });
    script.at(71_000, terminating('web-1', 71_000));
    expect(await verdict(tracked)).to.deep.include({ passed: false, reason: 'it happened after 11.0s', decidedAfterMs: 11_000 });
  });

  it('does not apply when no target pod was on the node, and then fails in every window, never included; impossible with fewer than the count', async () => {
    const reason = 'no pod of pods app=web of the run was on vm-3 when the fault acted, so there is nothing to judge: is the target right, and did the fault pick the node of its pods?';
    const within = evaluation(lost('vm-3'), use('evicted', { target: 'app=web' }, { within: '45s' }), { stepStart: 10_000 });
    expect(await verdict(within)).to.deep.include({ passed: false, reason, decidedAfterMs: 0 });
    // "Nothing was evicted" must not pass when there was nothing on the node to evict.
    const never = evaluation(lost('vm-3'), use('evicted', { target: 'app=web', count: 1 }, { never: '45s' }), { stepStart: 10_000 });
    expect(await verdict(never)).to.deep.include({ passed: false, reason, decidedAfterMs: 0 });
    expect(judge(lost(), { target: 'app=cache', count: 2 })).to.deep.include({ impossible: 'only 1 pod(s) were on vm-2, fewer than the 2 wanted' });
  });

  it('does not apply when no node fault came before it', () => {
    const script = new TimelineScript();
    script.at(0, added(at('web-0', 'vm-2')));
    expect(evicted.check(script.timeline.view, {}, { ...context(0, script.timeline), nodeFaults: [] })).to.deep.equal({
      holds: false, observed: 'no node fault came before this step',
      inapplicable: 'no node fault came before this step: evicted judges the pods of the node a nodeLoss or drainNode step acted on',
    });
  });

  it('judges the latest node fault\'s pods: a later fault on another node replaces the earlier one', () => {
    const script = lost();
    script.at(20_000, terminating('web-0', 20_000));
    script.timeline.markNode('node-fault', 'nodeLoss: stop vm', 3, 'vm');
    expect(judge(script, { target: 'app=web' }).observed).to.equal('0 of 1 pod(s) that were on vm evicted: web-2 (Running)');
  });

  it('describes itself', () => {
    expect(evicted.describe({ target: 'app=web' })).to.equal('all pods app=web that were on the lost node(s) evicted (marked for deletion)');
    expect(evicted.describe({ count: 1, gone: true })).to.equal("at least 1 of the run's pods that were on the lost node(s) gone from the API");
  });
});
