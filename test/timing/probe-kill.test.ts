import { expect } from 'chai';
import { formatRange } from '../../framework/timing/time-range.js';
import { livenessKillAfterMoment, probeKillFromStart } from '../../framework/timing/probe-kill.js';
import { nginx, P1_PROBE, P5_PROBE, s } from './pods.js';

describe('liveness and startup kills', () => {
  it('P1: the rename kills the container 6–11s later and restarts it ~9s after it (measured: RESTARTS 0 -> 1 in ~9-10s)', () => {
    const kill = livenessKillAfterMoment(nginx({ livenessProbe: P1_PROBE }))!;
    expect(kill.kill).to.deep.equal(s(6, 7.5, 11));
    // + nginx's stop (0-2s, ~0.5s) + the new container counted (0-2s, ~1s).
    expect(kill.restart).to.deep.equal(s(6, 9, 15));
    expect(formatRange(kill.restart)).to.equal('~9s (6–15s)');
    for (const measured of [9_000, 10_000]) expect(measured).to.be.within(kill.restart.earliestMs, kill.restart.latestMs);
    expect(kill.rule('the rename (step 2)')).to.equal('a liveness probe with periodSeconds 3 and failureThreshold 3 kills the container 6–11s after the rename (step 2)');
  });

  it('P4: the same rule for a tcpSocket probe (measured: restart in ~10s)', () => {
    const kill = livenessKillAfterMoment(nginx({ livenessProbe: { ...P1_PROBE, httpGet: undefined, tcpSocket: { port: 80 } } }))!;
    expect(10_000).to.be.within(kill.restart.earliestMs, kill.restart.latestMs);
  });

  it('P5: a probe failing from the start restarts the container ~14s after it starts', () => {
    const kill = probeKillFromStart(nginx({ livenessProbe: P5_PROBE }))!;
    expect(kill.kill).to.deep.equal(s(11, 12.5, 16));
    expect(kill.restart).to.deep.equal(s(11, 14, 20));
    expect(kill.rule('it starts')).to.equal('a liveness probe with initialDelaySeconds 5, periodSeconds 3 and failureThreshold 3 kills the container 11–16s after it starts');
  });

  it('a preStop hook delays the restart: the kubelet runs it before the stop signal', () => {
    const kill = livenessKillAfterMoment(nginx({ livenessProbe: P1_PROBE, lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } } }))!;
    expect(kill.restart).to.deep.equal(s(11, 14, 20));
  });

  it('P8: a failing startupProbe kills like a liveness probe; with both probes either may be the broken one', () => {
    const startup = { httpGet: { path: '/monitor/monitor.html', port: 80 }, periodSeconds: 3, failureThreshold: 3 };
    expect(probeKillFromStart(nginx({ startupProbe: startup }))!.kill).to.deep.equal(s(6, 7.5, 10));
    const both = probeKillFromStart(nginx({ startupProbe: startup, livenessProbe: { httpGet: { path: '/index.html', port: 80 }, periodSeconds: 3 } }))!;
    expect(both.kill).to.deep.equal(s(6, 7.5, 14));
    expect(both.rule('it starts')).to.equal('the startupProbe or, once that passes, the liveness probe kills the container 6–14s after it starts');
  });

  it('nothing without the probe', () => {
    expect(livenessKillAfterMoment(nginx({ readinessProbe: P1_PROBE }))).to.equal(undefined);
    expect(probeKillFromStart(nginx({ readinessProbe: P1_PROBE }))).to.equal(undefined);
  });
});
