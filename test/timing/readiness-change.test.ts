import { expect } from 'chai';
import { notReadyAfterMoment, readyAfter } from '../../framework/timing/readiness-change.js';
import { nginx, P1_PROBE, s } from './pods.js';

describe('readiness changes', () => {
  const p2 = nginx({ readinessProbe: { ...P1_PROBE, initialDelaySeconds: 2 } });

  it('P2: the rename makes the pod NotReady 6–12s later, out of the endpoints a second after (measured: READY 0/1 in ~9s)', () => {
    const change = notReadyAfterMoment(p2)!;
    expect(change.ready).to.deep.equal(s(6, 7.5, 12));
    expect(change.endpoints).to.deep.equal(s(6, 7.5, 13));
    expect(9_000).to.be.within(change.ready.earliestMs, change.ready.latestMs);
    expect(change.rule('the rename (step 2)')).to.equal('a readiness probe with periodSeconds 3 and failureThreshold 3 marks the pod NotReady 6–11s after the rename (step 2)');
  });

  it('P2: renaming it back makes the pod Ready after successThreshold (1) success', () => {
    expect(readyAfter(p2, 'moment')!.ready).to.deep.equal(s(0, 1.5, 6));
  });

  it('from the container\'s start: after initialDelaySeconds, and after a startupProbe passed', () => {
    expect(readyAfter(p2, 'container-start')!.ready).to.deep.equal(s(2, 3.5, 8));
    const gated = nginx({ readinessProbe: { ...P1_PROBE, initialDelaySeconds: 0 }, startupProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 10, periodSeconds: 5 } });
    expect(readyAfter(gated, 'container-start')!.ready).to.deep.equal(s(10, 14, 22));
  });

  it('nothing without a readiness probe', () => {
    expect(notReadyAfterMoment(nginx({ livenessProbe: P1_PROBE }))).to.equal(undefined);
  });
});
