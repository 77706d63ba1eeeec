import { expect } from 'chai';
import { consecutiveResults, failuresSeen, successesSeen } from '../../framework/timing/probe-results.js';
import { probeSettings } from '../../framework/timing/probe-settings.js';
import { P1_PROBE, s } from './pods.js';

describe('probe results (experiments.md: a try every periodSeconds after initialDelaySeconds, failing after timeoutSeconds)', () => {
  const p1 = probeSettings('liveness', P1_PROBE);

  it('after a fault: failureThreshold failures take (threshold - 1) x period at the earliest, threshold x period + timeout at the latest', () => {
    // The next try may come right after the fault, or a whole period later; then one try per period.
    expect(failuresSeen(p1, { from: 'moment' })).to.deep.equal(s(6, 7.5, 11));
  });

  it('from the container\'s start: the same, after initialDelaySeconds', () => {
    expect(failuresSeen(p1, { from: 'container-start' })).to.deep.equal(s(11, 12.5, 16));
  });

  it('after a startupProbe passed, when that is later than initialDelaySeconds', () => {
    expect(failuresSeen(p1, { from: 'container-start', gate: s(8, 9, 12) })).to.deep.equal(s(14, 16.5, 23));
  });

  it('a try that outlasts the period holds back the next one', () => {
    const slow = probeSettings('liveness', { httpGet: { path: '/', port: 80 }, periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 3 });
    expect(consecutiveResults(slow, 3, { from: 'moment' })).to.deep.equal(s(4, 5, 17));
  });

  it('successThreshold successes turn readiness back (1 by default: within a period and a timeout)', () => {
    const readiness = probeSettings('readiness', { httpGet: { path: '/', port: 80 }, periodSeconds: 3, timeoutSeconds: 2 });
    expect(successesSeen(readiness, { from: 'moment' })).to.deep.equal(s(0, 1.5, 5));
    expect(successesSeen({ ...readiness, successThreshold: 2 }, { from: 'moment' })).to.deep.equal(s(3, 4.5, 8));
  });
});
