import type { KubernetesObject } from '@kubernetes/client-node';
import { expect } from 'chai';
import { scale } from '../../framework/faults/scale.js';
import { FakeCluster } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { NAMESPACE } from '../builders/time.js';
import { TimelineScript } from '../builders/timeline-script.js';
import { faultProblems } from './fault-problems.js';

function controller(kind: string, apiVersion: string, replicas: number): KubernetesObject {
  return { apiVersion, kind, metadata: { name: 'web', namespace: NAMESPACE }, spec: { replicas, selector: { app: 'web' } } } as KubernetesObject;
}

function run(spec: Parameters<typeof scale.inject>[1], cluster: FakeCluster) {
  const script = new TimelineScript();
  script.advanceTo(10_000);
  return runFault(script, 'scale', spec, { cluster }).outcome();
}

describe('scale fault', () => {
  it('reads the replica count, merge-patches spec.replicas, and passes when the object read back has it', async () => {
    const fake = new FakeCluster({ objects: [controller('Deployment', 'apps/v1', 3)] });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, replicas: 10 }, fake);
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    expect(fake.objectCalls).to.deep.equal([
      { verb: 'get', namespace: NAMESPACE, ref },
      { verb: 'patch', namespace: NAMESPACE, ref, patch: { spec: { replicas: 10 } }, type: 'merge' },
      { verb: 'get', namespace: NAMESPACE, ref },
    ]);
    expect(fake.objectRequests.every((r) => r.signal instanceof AbortSignal)).to.equal(true);
    expect(outcome).to.deep.include({ status: 'passed', summary: 'scaled Deployment web from 3 to 10 replicas (read back: spec.replicas is 10)' });
  });

  it('scales every scalable kind through its apiVersion, down to 0', async () => {
    for (const [kind, apiVersion] of [['ReplicaSet', 'apps/v1'], ['ReplicationController', 'v1'], ['StatefulSet', 'apps/v1']] as const) {
      const fake = new FakeCluster({ objects: [controller(kind, apiVersion, 3)] });
      const outcome = await run({ object: { kind, name: 'web' }, replicas: 0 }, fake);
      expect(outcome.summary, kind).to.equal(`scaled ${kind} web from 3 to 0 replicas (read back: spec.replicas is 0)`);
      expect(fake.objectCalls.map((c) => c.ref.apiVersion), kind).to.deep.equal([apiVersion, apiVersion, apiVersion]);
    }
  });

  it('fails when the object read back has another replica count', async () => {
    // A HorizontalPodAutoscaler that sets it back.
    const fake = new FakeCluster({ objects: [controller('Deployment', 'apps/v1', 3)], patchObject: (_request, stored) => stored! });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, replicas: 10 }, fake);
    expect(outcome).to.deep.include({
      status: 'failed',
      error: 'scale: the API server accepted scaling Deployment web to 10, but reading it back shows spec.replicas 3 (does a HorizontalPodAutoscaler or another controller manage it?)',
    });
  });

  it('fails without patching when the object does not exist', async () => {
    const fake = new FakeCluster({ objects: [controller('Deployment', 'apps/v1', 3)] });
    const outcome = await run({ object: { kind: 'StatefulSet', name: 'web' }, replicas: 1 }, fake);
    expect(outcome).to.deep.include({ status: 'failed', error: `scale: there is no StatefulSet web (apps/v1) in namespace ${NAMESPACE}` });
    expect(fake.objectCalls.map((c) => c.verb)).to.deep.equal(['get']);
  });

  it('takes a whole number of replicas, at least 0, of a kind that scales', async () => {
    const object = { kind: 'Deployment', name: 'web' };
    expect(await faultProblems('scale', { object, replicas: -1 })).to.deep.equal(['spec.steps[0].fault.scale.replicas: expected at least 0, got -1']);
    expect(await faultProblems('scale', { object, replicas: 2.5 })).to.deep.equal(['spec.steps[0].fault.scale.replicas: expected a whole number, got 2.5']);
    expect(await faultProblems('scale', { object: { kind: 'DaemonSet', name: 'web' }, replicas: 2 })).to.deep.equal([
      'spec.steps[0].fault.scale.object.kind: expected one of: Deployment, ReplicaSet, ReplicationController, StatefulSet; got "DaemonSet"',
    ]);
    expect(await faultProblems('scale', { object: { ...object, apiVersion: 'apps/v1' }, replicas: 2 })).to.deep.equal([
      'spec.steps[0].fault.scale.object.apiVersion: unknown field "apiVersion"; expected one of: kind, name',
    ]);
    expect(await faultProblems('scale', { object, replicas: 0 })).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(scale.describe({ object: { kind: 'ReplicaSet', name: 'web' }, replicas: 10 })).to.equal('scale ReplicaSet web to 10 replicas');
  });
});
