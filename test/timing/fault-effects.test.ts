import { expect } from 'chai';
import type { KubernetesObject } from '@kubernetes/client-node';
import { describeEffect, faultReach, keepsTemplates, type FaultReach } from '../../framework/timing/fault-effects.js';
import { podTemplates } from '../../framework/timing/pod-templates.js';
import { nginxPodSpec, P1_PROBE } from './pods.js';

const HTML = '/usr/share/nginx/html';

function template(container: Record<string, unknown>) {
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: nginxPodSpec(container) } } };
  return podTemplates([{ object: object as KubernetesObject, source: { file: 'm.yaml', line: 1, column: 1 } }])[0]!;
}

const kinds = (reach: FaultReach) => (reach.kind === 'known'
  ? { breaks: reach.effect.breaks.map((p) => p.kind), mends: reach.effect.mends.map((p) => p.kind), survivesRestart: reach.effect.survivesRestart }
  : reach);

describe('what faults do to probes', () => {
  const web = template({ livenessProbe: P1_PROBE, readinessProbe: { tcpSocket: { port: 'http' } }, ports: [{ name: 'http', containerPort: 80 }] });

  it('renameFile breaks an httpGet probe on the path the file serves, and mends it when renamed back', () => {
    expect(kinds(faultReach({ kind: 'renameFile', spec: { target: 'app=web', from: `${HTML}/index.html`, to: `${HTML}/index.htm` } }, web)))
      .to.deep.equal({ breaks: ['liveness'], mends: [], survivesRestart: false });
    expect(kinds(faultReach({ kind: 'renameFile', spec: { target: 'app=web', from: `${HTML}/index.htm`, to: `${HTML}/index.html` } }, web)))
      .to.deep.equal({ breaks: [], mends: ['liveness'], survivesRestart: false });
  });

  it('renameFile breaks an exec probe naming the file, and survives restarts on a volume', () => {
    const exec = template({ livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] } }, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] });
    expect(kinds(faultReach({ kind: 'renameFile', spec: { target: 'app=web', from: '/tmp/healthy', to: '/tmp/sick' } }, exec)))
      .to.deep.equal({ breaks: ['liveness'], mends: [], survivesRestart: true });
  });

  it('setListenPort breaks probes on the old port (named ports resolved) and mends those on the new one', () => {
    expect(kinds(faultReach({ kind: 'setListenPort', spec: { target: 'app=web', to: 81 } }, web)))
      .to.deep.equal({ breaks: ['liveness', 'readiness'], mends: [], survivesRestart: false });
  });

  it('deletePod deletes, with the grace period rounded down to whole seconds', () => {
    const reach = faultReach({ kind: 'deletePod', spec: { target: 'app=web', gracePeriod: '5500ms' } }, web);
    expect(reach.kind === 'known' && reach.effect.deletion).to.deep.equal({ gracePeriodMs: 5_000 });
    expect(reach.kind === 'known' && describeEffect(reach.effect)).to.equal('deletes the pod with grace period 5s (container web)');
  });

  it('other pods are missed, and faults whose effect is not inferred are unknown', () => {
    expect(faultReach({ kind: 'renameFile', spec: { target: 'app=api', from: '/a', to: '/b' } }, web)).to.deep.equal({ kind: 'misses' });
    expect(faultReach({ kind: 'exec', spec: { target: 'app=web', command: 'true' } }, web))
      .to.deep.equal({ kind: 'unknown', why: 'Faultline does not infer what exec faults do to probes' });
    expect(faultReach({ kind: 'renameFile', spec: { target: { selector: 'app=web', container: 'sidecar' }, from: '/a', to: '/b' } }, web))
      .to.deep.equal({ kind: 'unknown', why: 'Deployment web has no container sidecar' });
  });

  it('only faults acting inside containers or on single pods keep the templates as the manifests write them', () => {
    expect(['exec', 'renameFile', 'deletePod', 'scale', 'patch', 'label', 'someFutureKind'].map(keepsTemplates)).to.deep.equal([true, true, true, false, false, false, false]);
  });
});
