import { expect } from 'chai';
import { readyReplicas } from '../../framework/expectations/ready-replicas.js';
import { context } from '../builders/expectation-use.js';
import { T0 } from '../builders/time.js';
import { added, viewOf } from '../builders/timeline-script.js';
import { workload } from '../builders/workload.js';
import { ClusterView } from '../../framework/observe/cluster-view.js';

const rs = { kind: 'ReplicaSet', name: 'web-5d4' } as const;
const view = (ready: number, current = 3) => viewOf([added(workload({ current, ready }))]);

describe('readyReplicas expectation', () => {
  it('compares status.readyReplicas with equals or atLeast, and shows kubectl\'s counts', () => {
    expect(readyReplicas.check(view(2), { object: rs, equals: 3 }, context())).to.deep.equal({
      holds: false, observed: 'ReplicaSet web-5d4: 3 desired, 3 current, 2 ready, 2 available',
    });
    expect(readyReplicas.check(view(3), { object: rs, equals: 3 }, context()).holds).to.equal(true);
    expect(readyReplicas.check(view(2), { object: rs, atLeast: 2 }, context()).holds).to.equal(true);
  });

  it('reads a missing readyReplicas as 0 (the API leaves zero counts out)', () => {
    expect(readyReplicas.check(view(0, 0), { object: rs, equals: 0 }, context())).to.deep.equal({
      holds: true, observed: 'ReplicaSet web-5d4: 3 desired, 0 current, 0 ready, 0 available',
    });
  });

  it('checks status.replicas too when asked: scaling down is done when the extra pods are gone', () => {
    expect(readyReplicas.check(view(3, 4), { object: rs, equals: 3, replicas: 3 }, context()).holds).to.equal(false);
    expect(readyReplicas.check(view(3, 3), { object: rs, equals: 3, replicas: 3 }, context()).holds).to.equal(true);
    expect(readyReplicas.check(view(1, 3), { object: rs, replicas: 3 }, context()).holds).to.equal(true);
  });

  it('tells kinds apart and names those present when the object is not there', () => {
    const both = viewOf([added(workload({ kind: 'Deployment', name: 'web', ready: 3 })), added(workload({ name: 'web-5d4' })), added(workload({ name: 'web-7f8' }))]);
    expect(readyReplicas.check(both, { object: { kind: 'ReplicaSet', name: 'web' }, equals: 3 }, context())).to.deep.equal({
      holds: false, observed: 'no ReplicaSet web observed (ReplicaSets present: web-5d4, web-7f8)',
    });
    expect(readyReplicas.check(both, { object: { kind: 'Deployment', name: 'web' }, equals: 3 }, context()).holds).to.equal(true);
  });

  it('fails at once when the run cannot watch that kind', () => {
    const text = 'replicationcontrollers are not observed: RBAC forbids listing them (replica expectations about ReplicationControllers will see none)';
    const limited = ClusterView.fold([{ type: 'marker', at: T0, marker: 'observation-limited', text, unobserved: 'ReplicationController' }]);
    expect(readyReplicas.check(limited, { object: { kind: 'ReplicationController', name: 'web' }, equals: 3 }, context())).to.deep.equal({
      holds: false, observed: 'no ReplicationController web observed', impossible: text,
    });
  });

  it('describes itself and refuses equals with atLeast', () => {
    expect(readyReplicas.describe({ object: rs, equals: 3, replicas: 3 })).to.equal('ReplicaSet web-5d4 readyReplicas == 3, replicas == 3');
    expect(readyReplicas.validate!({ object: rs, equals: 3, atLeast: 2 })).to.deep.equal([{ path: 'atLeast', message: 'give equals or atLeast, not both' }]);
    expect(readyReplicas.validate!({ object: rs, atLeast: 2 })).to.deep.equal([]);
  });
});
