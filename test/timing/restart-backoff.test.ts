import { expect } from 'chai';
import { CONTAINER_START } from '../../framework/timing/kubelet-constants.js';
import { probeKillFromStart } from '../../framework/timing/probe-kill.js';
import { backOffDelayMs, crashLoop } from '../../framework/timing/restart-backoff.js';
import { formatRange } from '../../framework/timing/time-range.js';
import { nginx, P5_PROBE, s } from './pods.js';

describe('restart back-off and crash loops', () => {
  it('backs off 10s, doubling, capped at 300s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backOffDelayMs)).to.deep.equal([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(() => backOffDelayMs(0)).to.throw(RangeError);
  });

  const p5 = (): ReturnType<typeof crashLoop> => {
    const kill = probeKillFromStart(nginx({ livenessProbe: P5_PROBE }))!;
    return crashLoop({ lifetime: kill.kill, stop: kill.stop, start: CONTAINER_START });
  };

  it('P5: restart n, from no back-off at all to every back-off waited in full', () => {
    const loop = p5();
    expect(loop.restart(1)).to.deep.equal(s(11, 14, 20));
    // kubelet 1.20 restarts the second and third time at once: the back-off is checked against the exit before.
    expect(loop.restart(2)).to.deep.equal(s(22, 28, 65));
    expect(loop.restart(3)).to.deep.equal(s(33, 42, 120));
    // The fourth waits its 20s back-off, plus the kubelet's retry (~6s).
    expect(loop.restart(4).typicalMs).to.equal(82_000);
  });

  it('P5: CrashLoopBackOff first shows at the fourth kill, ~56s in (measured: within 1-2 min, after a few restarts)', () => {
    const clbo = p5().crashLoopBackOff!;
    expect(clbo).to.deep.equal(s(22, 56, 100));
    expect(formatRange(clbo)).to.equal('~56s (22s–1m40s)');
    expect(clbo.typicalMs).to.be.within(0, 120_000);
    expect(clbo.latestMs).to.be.at.least(60_000);
  });

  it('no CrashLoopBackOff to expect when containers outlive the longest back-off', () => {
    expect(crashLoop({ lifetime: s(400, 400, 400), stop: s(0, 0, 0), start: s(0, 0, 0) }).crashLoopBackOff).to.equal(undefined);
  });
});
