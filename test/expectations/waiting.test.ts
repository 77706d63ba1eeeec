import { expect } from 'chai';
import { waiting } from '../../framework/expectations/waiting.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, viewOf } from '../builders/timeline-script.js';

describe('waiting expectation', () => {
  const crashLooping = viewOf([
    added(pod({ name: 'web-0', waiting: 'CrashLoopBackOff', restartCount: 3 })),
    added(pod({ name: 'web-1' })),
  ]);

  it('is met when any target pod\'s container waits with the reason', () => {
    expect(waiting.check(crashLooping, { target: 'app=web', reason: 'CrashLoopBackOff' }, context())).to.deep.equal({
      holds: true, observed: 'web-0: waiting CrashLoopBackOff; web-1: running',
    });
  });

  it('compares the reason exactly', () => {
    expect(waiting.check(crashLooping, { target: 'app=web', reason: 'ImagePullBackOff' }, context()).holds).to.equal(false);
    expect(waiting.check(crashLooping, { target: 'app=web', reason: 'crashloopbackoff' }, context()).holds).to.equal(false);
  });

  it('needs every pod with match: all', () => {
    expect(waiting.check(crashLooping, { target: { selector: 'app=web', match: 'all' }, reason: 'CrashLoopBackOff' }, context()).holds).to.equal(false);
  });

  it('looks at the named container', () => {
    const view = viewOf([added(pod({ containers: [{ name: 'web', waiting: 'ErrImageNeverPull' }, { name: 'log-agent' }] }))]);
    expect(waiting.check(view, { target: { selector: 'app=web', container: 'web' }, reason: 'ErrImageNeverPull' }, context())).to.deep.equal({
      holds: true, observed: 'web-0/web: waiting ErrImageNeverPull',
    });
    expect(waiting.check(view, { target: { selector: 'app=web', container: 'log-agent' }, reason: 'ErrImageNeverPull' }, context())).to.deep.equal({
      holds: false, observed: 'web-0/log-agent: running',
    });
  });

  it('fails when no pod matches', () => {
    expect(waiting.check(crashLooping, { target: 'app=api', reason: 'CrashLoopBackOff' }, context())).to.deep.equal({
      holds: false, observed: 'no pod matches app=api (pods present: web-0, web-1)',
    });
  });

  it('describes itself', () => {
    expect(waiting.describe({ target: 'app=web', reason: 'CrashLoopBackOff' })).to.equal('pods app=web waiting with reason CrashLoopBackOff');
  });
});
