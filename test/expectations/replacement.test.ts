import { expect } from 'chai';
import { replacement } from '../../framework/expectations/replacement.js';
import { context } from '../builders/expectation-use.js';
import { onNode } from '../builders/node.js';
import { pod, type PodShape } from '../builders/pod.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';

const RS = { kind: 'ReplicaSet', name: 'web-5d4' };
const FAULT = 10_000;
const ofRs = (name: string, shape: PodShape = {}) => pod({ name, owner: RS, ...shape });
const creating: PodShape = { phase: 'Pending', waiting: 'ContainerCreating', ip: null };

/** C1: a ReplicaSet with three Ready pods; the fault step begins at +10s. */
function replicaSet(): TimelineScript {
  const script = new TimelineScript();
  script.at(0, ...['web-5d4-a', 'web-5d4-b', 'web-5d4-c'].map((name) => added(ofRs(name))));
  script.advanceTo(FAULT);
  return script;
}

const judge = (script: TimelineScript, spec: Parameters<typeof replacement.check>[1]) =>
  replacement.check(script.timeline.view, spec, context(FAULT, script.timeline));

describe('replacement expectation', () => {
  it('C1: is met once the pod that went Terminating has a new Running pod of the same ReplicaSet', () => {
    const script = replicaSet();
    script.at(10_100, modified(ofRs('web-5d4-a', { deletionTimestamp: 10_100 })));
    script.at(10_150, added(ofRs('web-5d4-x', creating)));
    expect(judge(script, { target: 'app=web' })).to.deep.equal({
      holds: false, observed: 'web-5d4-a (ReplicaSet web-5d4) → web-5d4-x (ContainerCreating, not Ready)',
    });
    script.at(12_000, modified(ofRs('web-5d4-x', { podReady: false })));
    expect(judge(script, { target: 'app=web' })).to.deep.equal({
      holds: true, observed: 'web-5d4-a (ReplicaSet web-5d4) → web-5d4-x (Running, not Ready)',
    });
    expect(judge(script, { target: 'app=web', ready: true }).holds).to.equal(false);
    script.at(13_000, modified(ofRs('web-5d4-x')));
    expect(judge(script, { target: 'app=web', ready: true })).to.deep.equal({
      holds: true, observed: 'web-5d4-a (ReplicaSet web-5d4) → web-5d4-x (Running, Ready)',
    });
  });

  it('counts a pod removed outright (grace period 0), and stays met after the old pod is gone', () => {
    const script = replicaSet();
    script.at(10_100, deleted(ofRs('web-5d4-a')));
    script.at(10_200, added(ofRs('web-5d4-x')));
    expect(judge(script, { target: 'app=web' }).holds).to.equal(true);
  });

  it('waits while nothing has gone since the window began, and says so', () => {
    const script = new TimelineScript();
    script.at(0, added(ofRs('web-5d4-a')));
    script.at(2_000, modified(ofRs('web-5d4-a', { deletionTimestamp: 2_000 })));
    script.at(2_100, added(ofRs('web-5d4-x')));
    script.advanceTo(FAULT);
    expect(judge(script, { target: 'app=web' })).to.deep.equal({
      holds: false, observed: 'no pod of pods app=web was deleted or turned Terminating since the window began (present: web-5d4-a, web-5d4-x)',
    });
  });

  it('does not take a pod that was there before, or one of another controller, for a replacement', () => {
    const script = replicaSet();
    script.at(10_100, modified(ofRs('web-5d4-a', { deletionTimestamp: 10_100 })));
    script.at(10_200, added(pod({ name: 'web-7f8-z', owner: { kind: 'ReplicaSet', name: 'web-7f8' } })));
    expect(judge(script, { target: 'app=web' })).to.deep.equal({
      holds: false, observed: 'web-5d4-a (ReplicaSet web-5d4) → none yet',
    });
  });

  it('gives each gone pod its own replacement, and with count waits for that many to go', () => {
    const script = replicaSet();
    script.at(10_100, modified(ofRs('web-5d4-a', { deletionTimestamp: 10_100 })));
    script.at(10_200, added(ofRs('web-5d4-x')));
    expect(judge(script, { target: 'app=web', count: 2 })).to.deep.equal({
      holds: false, observed: 'web-5d4-a (ReplicaSet web-5d4) → web-5d4-x (Running, Ready); 1 of the 2 pods wanted have gone',
    });
    script.at(10_300, modified(ofRs('web-5d4-b', { deletionTimestamp: 10_300 })));
    expect(judge(script, { target: 'app=web', count: 2 })).to.deep.equal({
      holds: false, observed: 'web-5d4-a (ReplicaSet web-5d4) → web-5d4-x (Running, Ready); web-5d4-b (ReplicaSet web-5d4) → none yet',
    });
    script.at(10_400, added(ofRs('web-5d4-y')));
    expect(judge(script, { target: 'app=web', count: 2 }).holds).to.equal(true);
  });

  it('accepts a StatefulSet pod recreated under the same name: a new uid', () => {
    const sts = { kind: 'StatefulSet', name: 'db' };
    const script = new TimelineScript();
    script.at(0, added(pod({ name: 'db-0', uid: 'uid-a', owner: sts, labels: { app: 'db' } })));
    script.advanceTo(FAULT);
    script.at(10_100, deleted(pod({ name: 'db-0', uid: 'uid-a', owner: sts, labels: { app: 'db' }, deletionTimestamp: 10_000 })));
    script.at(10_200, added(pod({ name: 'db-0', uid: 'uid-b', owner: sts, labels: { app: 'db' } })));
    expect(judge(script, { target: 'app=db' })).to.deep.equal({ holds: true, observed: 'db-0 (StatefulSet db) → db-0 (Running, Ready)' });
  });

  it('fails at once for a deleted pod without a controller: nothing replaces it', () => {
    const script = new TimelineScript();
    script.at(0, added(pod()));
    script.advanceTo(FAULT);
    script.at(10_100, modified(pod({ deletionTimestamp: 10_100 })));
    expect(judge(script, { target: 'app=web' })).to.deep.equal({
      holds: false,
      observed: 'web-0 (no controller) → none',
      impossible: 'pod web-0 has no controller ownerReference: nothing replaces it',
    });
  });

  it('describes itself', () => {
    expect(replacement.describe({ target: 'app=web' })).to.equal('a deleted pod among pods app=web replaced by Running new pods of the same controller');
    expect(replacement.describe({ target: 'app=web', count: 2, ready: true })).to.equal('2 deleted pods among pods app=web replaced by Ready new pods of the same controller');
  });
});

describe('replacement expectation, elsewhere (a lost or drained node\'s pods)', () => {
  const unbound = (name: string, shape: PodShape = {}) => {
    const built = ofRs(name, shape);
    return { ...built, spec: { ...built.spec!, nodeName: undefined } };
  };

  /** web-5d4-a on vm-2 and web-5d4-b on vm; web-5d4-a turns Terminating at +10.1s (its node was lost). */
  function evictedFromVm2(): TimelineScript {
    const script = new TimelineScript();
    script.at(0, added(onNode(ofRs('web-5d4-a'), 'vm-2')), added(onNode(ofRs('web-5d4-b'), 'vm')));
    script.advanceTo(FAULT);
    script.at(10_100, modified(onNode(ofRs('web-5d4-a', { deletionTimestamp: 10_100, podReady: false }), 'vm-2')));
    return script;
  }

  it('does not take a replacement on the same node for one elsewhere', () => {
    const script = evictedFromVm2();
    script.at(10_200, added(onNode(ofRs('web-5d4-x'), 'vm-2')));
    expect(judge(script, { target: 'app=web' }).holds, 'without elsewhere, any node will do').to.equal(true);
    expect(judge(script, { target: 'app=web', elsewhere: true })).to.deep.equal({
      holds: false, observed: 'web-5d4-a on vm-2 (ReplicaSet web-5d4) → none yet',
    });
  });

  it('waits while the replacement is not bound to a node, and holds once it runs on another one', () => {
    const script = evictedFromVm2();
    script.at(10_200, added(unbound('web-5d4-y', creating)));
    expect(judge(script, { target: 'app=web', elsewhere: true }).holds).to.equal(false);
    script.at(11_000, modified(onNode(ofRs('web-5d4-y', creating), 'vm')));
    expect(judge(script, { target: 'app=web', elsewhere: true })).to.deep.equal({
      holds: false, observed: 'web-5d4-a on vm-2 (ReplicaSet web-5d4) → web-5d4-y on vm (ContainerCreating, not Ready)',
    });
    script.at(13_000, modified(onNode(ofRs('web-5d4-y'), 'vm')));
    expect(judge(script, { target: 'app=web', elsewhere: true, ready: true })).to.deep.equal({
      holds: true, observed: 'web-5d4-a on vm-2 (ReplicaSet web-5d4) → web-5d4-y on vm (Running, Ready)',
    });
  });

  it('describes itself', () => {
    expect(replacement.describe({ target: 'app=web', elsewhere: true })).to.equal('a deleted pod among pods app=web replaced by Running new pods of the same controller on other nodes');
  });
});
