import { expect } from 'chai';
import { podStatus } from '../../framework/expectations/pod-status.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, viewOf } from '../builders/timeline-script.js';

const done = { terminated: { reason: 'Completed', exitCode: 0 } };

describe('podStatus expectation', () => {
  it('compares kubectl\'s STATUS column exactly, and shows it for each pod', () => {
    const view = viewOf([
      added(pod({ name: 'web-0', phase: 'Pending', initContainers: [done, {}], waiting: 'PodInitializing' })),
      added(pod({ name: 'web-1', phase: 'Pending', initContainers: [done, done], waiting: 'PodInitializing' })),
    ]);
    expect(podStatus.check(view, { target: 'app=web', status: 'Init:1/2' }, context())).to.deep.equal({
      holds: true, observed: 'web-0: Init:1/2; web-1: PodInitializing',
    });
    expect(podStatus.check(view, { target: { selector: 'app=web', match: 'all' }, status: 'Init:1/2' }, context()).holds).to.equal(false);
    expect(podStatus.check(view, { target: 'app=web', status: 'Running' }, context()).holds).to.equal(false);
  });

  it('sees CrashLoopBackOff where the phase says Running', () => {
    const view = viewOf([added(pod({ waiting: 'CrashLoopBackOff', restartCount: 3, lastTerminated: { reason: 'Completed', exitCode: 0 } }))]);
    expect(podStatus.check(view, { target: 'app=web', status: 'CrashLoopBackOff' }, context())).to.deep.equal({ holds: true, observed: 'web-0: CrashLoopBackOff' });
  });

  it('sees a deleted pod as Terminating until it is gone', () => {
    const view = viewOf([added(pod({ deletionTimestamp: 0 }))]);
    expect(podStatus.check(view, { target: 'app=web', status: 'Terminating' }, context()).holds).to.equal(true);
  });

  it('fails when no pod matches', () => {
    expect(podStatus.check(viewOf([]), { target: 'app=web', status: 'Running' }, context())).to.deep.equal({
      holds: false, observed: 'no pod matches app=web (no pods present)',
    });
  });

  it('describes itself', () => {
    expect(podStatus.describe({ target: 'app=web', status: 'PodInitializing' })).to.equal('pods app=web STATUS PodInitializing');
  });

  describe('validate', () => {
    const problems = (status: string) => podStatus.validate!({ target: 'app=web', status });

    it('accepts known statuses, counted init states and reasons it does not know', () => {
      for (const status of ['Init:0/2', 'Init:Error', 'Init:CrashLoopBackOff', 'CrashLoopBackOff', 'Signal:9', 'ExitCode:3', 'CreateContainerConfigError', 'SomeRuntimeReason']) {
        expect(problems(status), status).to.deep.equal([]);
      }
    });

    it('points out a status written in the wrong case, which could never match', () => {
      expect(problems('CrashLoopBackoff')).to.deep.equal([{ path: 'status', message: '"CrashLoopBackoff" is written "CrashLoopBackOff" (STATUS is compared exactly)' }]);
      expect(problems('init:error')).to.deep.equal([{ path: 'status', message: '"init:error" is written "Init:Error" (STATUS is compared exactly)' }]);
      expect(problems('init:1/2')).to.deep.equal([{ path: 'status', message: '"init:1/2" is written "Init:1/2" (STATUS is compared exactly)' }]);
    });

    it('refuses an Init:N/M kubectl never shows', () => {
      expect(problems('Init:2/2')).to.deep.equal([{ path: 'status', message: '"Init:2/2" is never shown: in Init:N/M, N counts the init containers done and is less than M' }]);
    });
  });
});
