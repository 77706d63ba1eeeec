import { expect } from 'chai';
import { orphaned } from '../../framework/expectations/orphaned.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, modified, TimelineScript, viewOf } from '../builders/timeline-script.js';

const RS = { kind: 'ReplicaSet', name: 'web-5d4' };

describe('orphaned expectation', () => {
  it('C2: is met once the relabelled pod has lost its controller, naming the controller that released it', () => {
    const script = new TimelineScript();
    script.at(0, added(pod({ name: 'web-5d4-a', owner: RS })), added(pod({ name: 'web-5d4-b', owner: RS })));
    script.at(10_000, modified(pod({ name: 'web-5d4-a', owner: RS, labels: { app: 'web', debug: 'true' } })));
    const spec = { target: 'app=web' };
    expect(orphaned.check(script.timeline.view, spec, context())).to.deep.equal({
      holds: false, observed: 'web-5d4-a: controlled by ReplicaSet web-5d4; web-5d4-b: controlled by ReplicaSet web-5d4',
    });
    script.at(10_050, modified(pod({ name: 'web-5d4-a', labels: { app: 'web', debug: 'true' } })));
    expect(orphaned.check(script.timeline.view, spec, context())).to.deep.equal({
      holds: true, observed: 'web-5d4-a: no controller (released by ReplicaSet web-5d4); web-5d4-b: controlled by ReplicaSet web-5d4',
    });
    expect(orphaned.check(script.timeline.view, { target: { selector: 'app=web', match: 'all' } }, context()).holds).to.equal(false);
  });

  it('says when a pod never had a controller while watched, and lists owners that do not control it', () => {
    const bare = pod({ name: 'bare' });
    const owned = pod({ name: 'owned' });
    owned.metadata!.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'anchor', uid: 'uid-cm' }];
    expect(orphaned.check(viewOf([added(bare), added(owned)]), { target: 'app=web' }, context())).to.deep.equal({
      holds: true, observed: 'bare: no controller (no controller seen); owned: no controller (no controller seen; other owners: ConfigMap anchor)',
    });
  });

  it('fails when no pod matches', () => {
    expect(orphaned.check(viewOf([]), { target: 'debug=true' }, context()).observed).to.equal('no pod matches debug=true (no pods present)');
  });

  it('describes itself', () => {
    expect(orphaned.describe({ target: 'debug=true' })).to.equal('pods debug=true without a controller');
  });
});
