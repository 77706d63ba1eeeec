import { expect } from 'chai';
import { describeWorkload, isWorkloadKind, workloadRecord } from '../../framework/observe/workloads.js';
import { workload } from '../builders/workload.js';

describe('workloadRecord', () => {
  it('reads spec.replicas and the status counts kubectl get shows', () => {
    const record = workloadRecord('ReplicaSet', workload({ desired: 3, current: 3, ready: 2 }));
    expect(record).to.include({ kind: 'ReplicaSet', name: 'web-5d4', uid: 'uid-replicaset-web-5d4', specReplicas: 3, replicas: 3, readyReplicas: 2, availableReplicas: 2 });
    expect(describeWorkload(record)).to.equal('ReplicaSet web-5d4: 3 desired, 3 current, 2 ready, 2 available');
  });

  it('reads counts the API left out (zero) as 0', () => {
    expect(workloadRecord('Deployment', workload({ kind: 'Deployment', desired: 0 }))).to.include({ specReplicas: 0, replicas: 0, readyReplicas: 0, availableReplicas: 0 });
  });

  it('leaves availableReplicas unknown for a StatefulSet that does not report it (before 1.22), and says nothing of it', () => {
    const record = workloadRecord('StatefulSet', workload({ kind: 'StatefulSet', name: 'db', desired: 1, current: 1, ready: 1, available: null }));
    expect(record.availableReplicas).to.equal(undefined);
    expect(describeWorkload(record)).to.equal('StatefulSet db: 1 desired, 1 current, 1 ready');
  });

  it('turns a ReplicationController\'s map selector into matchLabels, and keeps apps/v1 selectors as they are', () => {
    expect(workloadRecord('ReplicationController', workload({ kind: 'ReplicationController' })).selector).to.deep.equal({ matchLabels: { app: 'web' } });
    const expressions = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] };
    const rs = { ...workload(), spec: { replicas: 1, selector: expressions } };
    expect(workloadRecord('ReplicaSet', rs).selector).to.deep.equal(expressions);
  });

  it('knows the workload kinds', () => {
    expect(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController', 'DaemonSet', 'Pod'].filter(isWorkloadKind))
      .to.deep.equal(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);
  });
});
