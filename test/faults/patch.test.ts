import type { KubernetesObject } from '@kubernetes/client-node';
import { expect } from 'chai';
import { ClusterRequestError } from '../../framework/cluster/api-errors.js';
import { patch } from '../../framework/faults/patch.js';
import { FakeCluster } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { NAMESPACE } from '../builders/time.js';
import { TimelineScript } from '../builders/timeline-script.js';
import { faultProblems } from './fault-problems.js';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

/** A Deployment whose pods run a proxy and then web (so a by-position match would pick the wrong container). */
function deployment(probePath = '/index.html'): KubernetesObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: NAMESPACE, uid: 'uid-deploy-web', labels: { app: 'web', tier: 'front' } },
    spec: {
      replicas: 3,
      template: { spec: { containers: [
        { name: 'proxy', image: 'envoy' },
        { name: 'web', image: 'nginx:1.20.2', livenessProbe: { httpGet: { path: probePath, port: 80 }, periodSeconds: 3 } },
      ] } },
    },
  } as KubernetesObject;
}

const PROBE_PATCH = { spec: { template: { spec: { containers: [{ name: 'web', livenessProbe: { httpGet: { path: '/healthz' } } }] } } } };
const PROBE_LEAF = 'spec.template.spec.containers[name=web].livenessProbe.httpGet.path="/healthz"';

function run(spec: Parameters<typeof patch.inject>[1], cluster: FakeCluster) {
  const script = new TimelineScript();
  script.advanceTo(10_000);
  return runFault(script, 'patch', spec, { cluster }).outcome();
}

describe('patch fault', () => {
  it('sends a strategic patch, reads the object back, and passes when every field is in effect', async () => {
    const fake = new FakeCluster({ objects: [deployment()] });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, patch: PROBE_PATCH }, fake);
    expect(fake.objectCalls).to.deep.equal([
      { verb: 'patch', namespace: NAMESPACE, ref: DEPLOYMENT, patch: PROBE_PATCH, type: 'strategic' },
      { verb: 'get', namespace: NAMESPACE, ref: DEPLOYMENT },
    ]);
    expect(fake.objectRequests.every((r) => r.signal instanceof AbortSignal)).to.equal(true);
    expect(outcome).to.deep.include({ status: 'passed', summary: `patched Deployment web (strategic): ${PROBE_LEAF} (read back: in effect)` });
    const containers = (fake.object(DEPLOYMENT) as { spec: { template: { spec: { containers: Array<{ name: string; livenessProbe?: unknown }> } } } }).spec.template.spec.containers;
    expect(containers.map((c) => [c.name, c.livenessProbe])).to.deep.equal([['proxy', undefined], ['web', { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 3 }]]);
  });

  it('sends a merge patch when asked, and uses the apiVersion given or the kind\'s default', async () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'safe' } };
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {} } };
    const fake = new FakeCluster({ objects: [configMap, policy] });
    expect((await run({ object: { kind: 'ConfigMap', name: 'settings' }, patch: { data: { mode: 'broken' } }, type: 'merge' }, fake)).status).to.equal('passed');
    const outcome = await run({ object: { kind: 'NetworkPolicy', name: 'deny', apiVersion: 'networking.k8s.io/v1' }, patch: { spec: { policyTypes: ['Ingress'] } }, type: 'merge' }, fake);
    expect(outcome.summary).to.equal('patched NetworkPolicy deny (merge): spec.policyTypes[0]="Ingress" (read back: in effect)');
    expect(fake.objectCalls.filter((c) => c.verb === 'patch').map((c) => [c.ref.apiVersion, c.ref.kind, c.verb === 'patch' && c.type])).to.deep.equal([
      ['v1', 'ConfigMap', 'merge'], ['networking.k8s.io/v1', 'NetworkPolicy', 'merge'],
    ]);
  });

  it('checks that null removed a field', async () => {
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, patch: { metadata: { labels: { tier: null } } }, type: 'merge' }, new FakeCluster({ objects: [deployment()] }));
    expect(outcome).to.deep.include({ status: 'passed', summary: 'patched Deployment web (merge): metadata.labels.tier=null (read back: in effect)' });
  });

  it('fails, naming each field not in effect, when the object read back does not show the patch', async () => {
    // An admission webhook or a controller that puts the old value back.
    const fake = new FakeCluster({ objects: [deployment()], patchObject: (_request, stored) => stored! });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, patch: PROBE_PATCH }, fake);
    expect(outcome).to.deep.include({
      status: 'failed',
      error: 'patch: the API server accepted the strategic patch of Deployment web, but reading it back shows it not in effect: '
        + 'spec.template.spec.containers[name=web].livenessProbe.httpGet.path: expected "/healthz", found "/index.html" '
        + '(did a controller or an admission webhook change it back, or does the server store it differently?)',
    });
  });

  it('lists at most three mismatches, then says how many more', async () => {
    const fake = new FakeCluster({ objects: [deployment()], patchObject: (_request, stored) => stored! });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, patch: { metadata: { annotations: { a: '1', b: '2', c: '3', d: '4', e: '5' } } } }, fake);
    expect(outcome.error).to.include('metadata.annotations.a: expected "1", found no value; metadata.annotations.b: expected "2", found no value; metadata.annotations.c: expected "3", found no value; and 2 more (');
  });

  it('fails, without reading, when the object does not exist', async () => {
    const fake = new FakeCluster();
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, patch: PROBE_PATCH }, fake);
    expect(outcome).to.deep.include({ status: 'failed', error: `patch: there is no Deployment web (apps/v1) in namespace ${NAMESPACE}` });
    expect(fake.objectCalls.map((c) => c.verb)).to.deep.equal(['patch']);
  });

  it('is an error, not a failure, when the API server refuses the patch', async () => {
    const fake = new FakeCluster({
      objects: [deployment()],
      patchObject: () => { throw new ClusterRequestError('patch Deployment web', 422, 'Deployment.apps "web" is invalid: spec.template.spec.containers[1].livenessProbe.httpGet.port: Invalid value: 0'); },
    });
    const outcome = await run({ object: { kind: 'Deployment', name: 'web' }, patch: PROBE_PATCH }, fake);
    expect(outcome).to.deep.include({
      status: 'error',
      error: 'patch: patch Deployment web failed with HTTP 422: Deployment.apps "web" is invalid: spec.template.spec.containers[1].livenessProbe.httpGet.port: Invalid value: 0',
    });
  });

  it('rejects a patch with no field, a kind without apiVersion, and a type it does not know', async () => {
    const object = { kind: 'Deployment', name: 'web' };
    expect(await faultProblems('patch', { object, patch: {} })).to.deep.equal(['spec.steps[0].fault.patch.patch: expected at least 1 field, got 0']);
    expect(await faultProblems('patch', { object, patch: { spec: { template: {} } } })).to.deep.equal([
      'spec.steps[0].fault.patch.patch: the patch sets no field: give at least one value (null removes a field)',
    ]);
    expect(await faultProblems('patch', { object, patch: [{ op: 'replace' }] })).to.deep.equal(['spec.steps[0].fault.patch.patch: expected a mapping, got a list']);
    expect(await faultProblems('patch', { object, patch: { spec: { replicas: 1 } }, type: 'json' })).to.deep.equal([
      'spec.steps[0].fault.patch.type: expected one of: strategic, merge; got "json"',
    ]);
    expect(await faultProblems('patch', { object: { kind: 'Deploymnt', name: 'web' }, patch: { spec: { replicas: 1 } } })).to.deep.equal([
      'spec.steps[0].fault.patch.object.kind: unknown kind "Deploymnt" without an apiVersion; did you mean "Deployment"?',
    ]);
    expect(await faultProblems('patch', { object: { kind: 'NetworkPolicy', name: 'deny' }, patch: { spec: { policyTypes: [] } } })).to.deep.equal([
      'spec.steps[0].fault.patch.object: kind NetworkPolicy needs an apiVersion, as kubectl api-resources lists it (e.g. networking.k8s.io/v1); '
        + 'only Pod, Service, ConfigMap, ReplicationController, Deployment, ReplicaSet, StatefulSet, DaemonSet have a default',
    ]);
    expect(await faultProblems('patch', { object, patch: PROBE_PATCH })).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(patch.describe({ object: { kind: 'Deployment', name: 'web' }, patch: PROBE_PATCH })).to.equal('patch Deployment web (strategic)');
    expect(patch.describe({ object: { kind: 'ConfigMap', name: 'settings' }, patch: {}, type: 'merge' })).to.equal('patch ConfigMap settings (merge)');
  });
});
