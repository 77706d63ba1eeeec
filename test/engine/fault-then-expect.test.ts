import { expect } from 'chai';
import { runStep } from '../../framework/engine/run-step.js';
import { endpointSlice } from '../builders/endpoints.js';
import { use } from '../builders/expectation-use.js';
import { FakeCluster } from '../builders/fake-cluster.js';
import { pod, podIp } from '../builders/pod.js';
import { settledValue, track } from '../builders/promises.js';
import { stepEnvironment } from '../builders/step-environment.js';
import { expectStep, faultStep } from '../builders/steps.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';

/**
 * L2 as two steps through the engine: delete a pod whose preStop never ends (grace period 20s),
 * then expect it out of the Service at once and Terminating for 20-30s. The expect step's
 * evidence window starts with the fault step, as run-scenario sets it.
 */
describe('a fault step followed by an expect step (L2: preStop and grace period)', () => {
  const IP = podIp('web-0');
  const terminatingWeb0 = (ready: boolean) => pod({ deletionTimestamp: 10_000, deletionGracePeriodSeconds: 20, podReady: ready });

  it('judges what happened during the fault step and what comes after it', async () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod()));
    script.at(2_000, added(endpointSlice('web', [IP])));
    script.advanceTo(10_000);

    const cluster = new FakeCluster({ deletePod: () => { script.timeline.record(modified(terminatingWeb0(true))); } });
    const faultEnv = stepEnvironment(script, { cluster, since: 10_000 });
    const fault = await runStep(faultStep('deletePod', { target: 'app=web' }, { index: 1 }), faultEnv);
    expect(fault).to.deep.include({ status: 'passed', summary: 'deleted web-0 (seen Terminating)' });

    script.at(10_050, modified(endpointSlice('web', [], [IP])));
    script.advanceTo(10_100);
    const step = track(runStep(expectStep([
      use('endpoints', { service: 'web', target: 'app=web', present: false }, { within: '5s' }),
      use('terminating', { target: 'app=web', between: ['20s', '30s'] }, {}, 60_000),
    ], { index: 2 }), stepEnvironment(script, { since: 10_000 })));
    script.at(12_000, modified(terminatingWeb0(false)));
    script.at(33_000, deleted(terminatingWeb0(false)));
    const outcome = await settledValue(step, 'the expect step');

    expect(outcome).to.deep.include({ status: 'passed', summary: '2 expectation(s) met, the last after 22.90s', durationMs: 22_900 });
    expect(outcome.expectations.map((e) => [e.kind, e.decidedAfterMs, e.observed])).to.deep.equal([
      ['endpoints', 0, `service web: ready [], not ready [${IP}]; target pods: web-0 ${IP}`],
      ['terminating', 22_900, 'web-0: Terminating for 23.0s, then removed'],
    ]);
    expect(script.clock.pendingTimers).to.equal(0);
  });
});
