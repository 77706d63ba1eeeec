import { expect } from 'chai';
import { phase } from '../../framework/expectations/phase.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, viewOf } from '../builders/timeline-script.js';

const view = viewOf([
  added(pod({ name: 'job-0', phase: 'Succeeded', terminated: { reason: 'Completed', exitCode: 0 } })),
  added(pod({ name: 'job-1', phase: 'Failed', reason: 'Evicted', withoutContainerStatuses: true })),
]);

describe('phase expectation', () => {
  it('is met when any target pod is in the phase, and names each pod\'s phase and reason', () => {
    expect(phase.check(view, { target: 'app=web', phase: 'Succeeded' }, context())).to.deep.equal({
      holds: true, observed: 'job-0: Succeeded; job-1: Failed (Evicted)',
    });
    expect(phase.check(view, { target: 'app=web', phase: 'Running' }, context()).holds).to.equal(false);
  });

  it('with match: all, needs every target pod in it', () => {
    expect(phase.check(view, { target: { selector: 'app=web', match: 'all' }, phase: 'Succeeded' }, context()).holds).to.equal(false);
    expect(phase.check(view, { target: { pod: 'job-0', match: 'all' }, phase: 'Succeeded' }, context()).holds).to.equal(true);
  });

  it('reads the phase, not kubectl\'s STATUS: a crash-looping pod is Running', () => {
    const looping = viewOf([added(pod({ waiting: 'CrashLoopBackOff', restartCount: 4 }))]);
    expect(phase.check(looping, { target: 'app=web', phase: 'Running' }, context())).to.deep.equal({ holds: true, observed: 'web-0: Running' });
  });

  it('fails when no pod matches, listing the pods present', () => {
    expect(phase.check(view, { target: 'app=db', phase: 'Pending' }, context())).to.deep.equal({
      holds: false, observed: 'no pod matches app=db (pods present: job-0, job-1)',
    });
  });

  it('describes itself and checks the selector', () => {
    expect(phase.describe({ target: 'app=web', phase: 'Failed' })).to.equal('pods app=web in phase Failed');
    expect(phase.validate!({ target: 'app in (web', phase: 'Failed' })[0]?.path).to.equal('target');
  });
});
