import { expect } from 'chai';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Manifest } from '../../framework/model/scenario.js';
import { resolveTarget } from '../../framework/model/target.js';
import { podTemplates, serviceNamed, serviceSelects, templatesTargeted } from '../../framework/timing/pod-templates.js';
import { nginxPodSpec } from './pods.js';

const manifest = (object: Record<string, unknown>): Manifest => ({ object: object as KubernetesObject, source: { file: 'm.yaml', line: 1, column: 1 } });
const MANIFESTS = [
  manifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3, template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: nginxPodSpec() } } }),
  manifest({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { template: { metadata: { labels: { app: 'agent' } }, spec: nginxPodSpec() } } }),
  manifest({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', labels: { app: 'solo' } }, spec: nginxPodSpec() }),
  manifest({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec: nginxPodSpec() } } }),
  manifest({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } }),
];

describe('pod templates from the manifests', () => {
  const templates = podTemplates(MANIFESTS);

  it('one per workload that keeps its pods running; Jobs left out', () => {
    expect(templates.map((t) => [t.owner, t.replicas, t.podName, t.containerNames])).to.deep.equal([
      ['Deployment web', 3, undefined, ['web']],
      ['DaemonSet agent', Infinity, undefined, ['web']],
      ['Pod solo', 1, 'solo', ['web']],
    ]);
  });

  it('selected by label selector against the template labels, and bare pods by name', () => {
    const owners = (target: string | { pod: string }) => templatesTargeted(resolveTarget(target), templates).map((t) => t.owner);
    expect(owners('app=web')).to.deep.equal(['Deployment web']);
    expect(owners('app in (web,solo)')).to.deep.equal(['Deployment web', 'Pod solo']);
    expect(owners('tier')).to.deep.equal(['Deployment web']);
    expect(owners({ pod: 'solo' })).to.deep.equal(['Pod solo']);
    expect(owners({ pod: 'web-0' })).to.deep.equal([]);
  });

  it('Services select templates by their map selector', () => {
    const service = serviceNamed(MANIFESTS, 'web')!;
    expect(templates.map((t) => serviceSelects(service, t))).to.deep.equal([true, false, false]);
    expect(serviceNamed(MANIFESTS, 'nope')).to.equal(undefined);
  });
});
