import type { KubernetesObject } from '@kubernetes/client-node';
import { expect } from 'chai';
import { deleteObject } from '../../framework/faults/delete-object.js';
import { FakeCluster } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { NAMESPACE, T0, timestamp } from '../builders/time.js';
import { TimelineScript } from '../builders/timeline-script.js';
import { faultProblems } from './fault-problems.js';

const WEB = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const deployment: KubernetesObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: NAMESPACE, uid: 'uid-deploy-web' } };

function run(spec: Parameters<typeof deleteObject.inject>[1], cluster: FakeCluster) {
  const script = new TimelineScript();
  script.advanceTo(10_000);
  return runFault(script, 'deleteObject', spec, { cluster }).outcome();
}

describe('deleteObject fault', () => {
  it('reads the object, deletes it with the options asked for, and passes when it is gone', async () => {
    const fake = new FakeCluster({ objects: [deployment] });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, gracePeriod: '1500ms', propagation: 'Foreground' }, fake);
    expect(fake.objectCalls).to.deep.equal([
      { verb: 'get', namespace: NAMESPACE, ref: WEB },
      { verb: 'delete', namespace: NAMESPACE, ref: WEB, gracePeriodSeconds: 1, propagationPolicy: 'Foreground' },
      { verb: 'get', namespace: NAMESPACE, ref: WEB },
    ]);
    expect(fake.objectRequests.every((r) => r.signal instanceof AbortSignal)).to.equal(true);
    expect(outcome).to.deep.include({
      status: 'passed',
      summary: 'deleted Deployment web with grace period 1500ms and propagation Foreground (read back: gone)',
    });
  });

  it('sends no options it was not given', async () => {
    const fake = new FakeCluster({ objects: [deployment] });
    await run({ object: { kind: 'Deployment', name: 'web' } }, fake);
    expect(fake.objectCalls[1]).to.deep.equal({ verb: 'delete', namespace: NAMESPACE, ref: WEB });
  });

  it('passes when the object read back is being deleted (a pod in its grace period, a foreground deletion)', async () => {
    const fake = new FakeCluster({
      objects: [pod()],
      deleteObject: (_request, stored) => ({ ...stored!, metadata: { ...stored!.metadata, deletionTimestamp: timestamp(T0 + 10_000) } }),
    });
    const outcome = await run({ object: { kind: 'Pod', name: 'web-0' } }, fake);
    expect(fake.objectCalls[1]?.ref).to.deep.equal({ apiVersion: 'v1', kind: 'Pod', name: 'web-0' });
    expect(outcome).to.deep.include({ status: 'passed', summary: 'deleted Pod web-0 (read back: being deleted, deletionTimestamp set)' });
  });

  it('passes when a controller has already made a new object of the same name', async () => {
    const fake = new FakeCluster({ objects: [pod({ name: 'db-0' })], deleteObject: () => pod({ name: 'db-0', uid: 'uid-db-0-second' }) });
    const outcome = await run({ object: { kind: 'Pod', name: 'db-0' }, gracePeriod: '0s' }, fake);
    expect(outcome).to.deep.include({ status: 'passed', summary: 'deleted Pod db-0 with grace period 0s (read back: gone, replaced by a new object of the same name)' });
  });

  it('fails when the object read back is neither gone nor being deleted', async () => {
    const fake = new FakeCluster({ objects: [deployment], deleteObject: (_request, stored) => stored });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' } }, fake);
    expect(outcome).to.deep.include({
      status: 'failed',
      error: 'deleteObject: the API server accepted the deletion of Deployment web, but reading it back shows it still there with no deletionTimestamp',
    });
  });

  it('fails without deleting when the object does not exist (a deletion of nothing proves nothing)', async () => {
    const fake = new FakeCluster();
    const outcome = await run({ object: { kind: 'Service', name: 'web' } }, fake);
    expect(outcome).to.deep.include({ status: 'failed', error: `deleteObject: there is no Service web (v1) in namespace ${NAMESPACE}` });
    expect(fake.objectCalls.map((c) => c.verb)).to.deep.equal(['get']);
  });

  it('rejects an unknown propagation policy, a malformed grace period and a kind without apiVersion', async () => {
    expect(await faultProblems('deleteObject', { object: { kind: 'Deployment', name: 'web' }, propagation: 'background', gracePeriod: 'soon' })).to.deep.equal([
      'spec.steps[0].fault.deleteObject.propagation: expected one of: Background, Foreground, Orphan; got "background"; did you mean "Background"?',
      'spec.steps[0].fault.deleteObject.gracePeriod: expected a duration like "500ms", "30s", "2m" or "1m30s", got "soon"',
    ]);
    expect(await faultProblems('deleteObject', { object: { kind: 'Job', name: 'once' } })).to.have.length(1);
    expect(await faultProblems('deleteObject', { object: { kind: 'Job', name: 'once', apiVersion: 'batch/v1' }, propagation: 'Orphan' })).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(deleteObject.describe({ object: { kind: 'ReplicaSet', name: 'web' }, propagation: 'Orphan' })).to.equal('delete ReplicaSet web with propagation Orphan');
  });
});
