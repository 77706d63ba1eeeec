import { expect } from 'chai';
import { containerProfile } from '../../framework/timing/container-profile.js';
import { describeHandler, describeSettings, probeSettings } from '../../framework/timing/probe-settings.js';
import { nginx, nginxPodSpec, P1_PROBE } from './pods.js';

describe('probe settings and container profiles', () => {
  it('apply the API server defaults: period 10s, timeout 1s, failureThreshold 3, successThreshold 1, no delay', () => {
    expect(probeSettings('readiness', { tcpSocket: { port: 80 } })).to.deep.equal({
      kind: 'readiness', handler: { kind: 'tcpSocket', port: 80 },
      initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 1,
    });
  });

  it('treat zero, negative and non-integer fields as absent, and successThreshold as 1 outside readiness', () => {
    const settings = probeSettings('liveness', { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 0, timeoutSeconds: -1, failureThreshold: '5', successThreshold: 2 });
    expect(settings).to.include({ periodMs: 10_000, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 1 });
    expect(probeSettings('readiness', { httpGet: { port: 80 }, successThreshold: 2 }).successThreshold).to.equal(2);
  });

  it('describe probes as the manifests write them', () => {
    const settings = probeSettings('liveness', P1_PROBE);
    expect(describeHandler(settings)).to.equal('liveness httpGet /index.html :80');
    expect(describeSettings(settings)).to.equal('initialDelaySeconds 5, periodSeconds 3, timeoutSeconds 2, failureThreshold 3');
  });

  it('read a container: its probes, grace period (default 30s), preStop hook, named ports and mounts', () => {
    const profile = nginx({
      livenessProbe: P1_PROBE,
      readinessProbe: { tcpSocket: { port: 'http' } },
      ports: [{ name: 'http', containerPort: 8080 }],
      volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }],
      lifecycle: { preStop: { exec: { command: ['sleep', '10000000'] } } },
    }, { terminationGracePeriodSeconds: 20 });
    expect(Object.keys(profile.probes)).to.deep.equal(['liveness', 'readiness']);
    expect(profile).to.deep.include({ name: 'web', gracePeriodMs: 20_000, preStop: { kind: 'sleep', ms: 10_000_000_000 }, mountPaths: ['/usr/share/nginx/html'] });
    expect(profile.ports.get('http')).to.equal(8080);
    expect(nginx()).to.deep.include({ gracePeriodMs: 30_000, preStop: { kind: 'none' }, restartPolicy: 'Always', commandOverridden: false });
  });

  it('know a preStop sleep in its shell form, and say so when a hook\'s length is unknown', () => {
    const hook = (preStop: unknown) => nginx({ lifecycle: { preStop } }).preStop;
    expect(hook({ exec: { command: ['sh', '-c', 'sleep 15'] } })).to.deep.equal({ kind: 'sleep', ms: 15_000 });
    expect(hook({ exec: { command: ['/bin/sleep', 'infinity'] } })).to.deep.equal({ kind: 'sleep', ms: Infinity });
    expect(hook({ exec: { command: ['nginx', '-s', 'quit'] } })).to.deep.equal({ kind: 'unknown', text: 'exec [nginx -s quit]' });
    expect(hook({ httpGet: { path: '/drain', port: 80 } })).to.deep.equal({ kind: 'unknown', text: 'an httpGet hook' });
  });

  it('find a container by name, the first one without a name, and nothing for a name that is not there', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b', command: ['ls', '/'] }], restartPolicy: 'Never' };
    expect(containerProfile(spec)?.name).to.equal('a');
    expect(containerProfile(spec, 'b')).to.deep.include({ name: 'b', commandOverridden: true, restartPolicy: 'Never' });
    expect(containerProfile(spec, 'c')).to.equal(undefined);
    expect(containerProfile(nginxPodSpec(), 'web')?.name).to.equal('web');
  });
});
