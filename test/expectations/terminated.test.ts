import { expect } from 'chai';
import { terminated, type TerminatedSpec } from '../../framework/expectations/terminated.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, viewOf } from '../builders/timeline-script.js';

/** P10: restarted after liveness failures, SIGKILLed: last state Error 137, running again. */
const restarted = viewOf([added(pod({ restartCount: 1, lastTerminated: { reason: 'Error', exitCode: 137 } }))]);
/** R4: restartPolicy Never, exit 1: terminated now, no last state. */
const exited = viewOf([added(pod({ phase: 'Failed', terminated: { reason: 'Error', exitCode: 1 } }))]);

const check = (view: typeof restarted, spec: Omit<TerminatedSpec, 'target'> & { target?: TerminatedSpec['target'] }) =>
  terminated.check(view, { target: 'app=web', ...spec }, context());

describe('terminated expectation', () => {
  it('finds the last state by reason and exit code, showing both states', () => {
    expect(check(restarted, { reason: 'Error', exitCode: 137 })).to.deep.equal({
      holds: true, observed: 'web-0: state running, last state terminated Error exit 137',
    });
  });

  it('needs reason and exit code to match the same termination', () => {
    expect(check(restarted, { reason: 'Error', exitCode: 143 }).holds).to.equal(false);
    expect(check(restarted, { reason: 'OOMKilled' }).holds).to.equal(false);
    expect(check(restarted, { exitCode: 137 }).holds).to.equal(true);
  });

  it('state current looks at the current state only', () => {
    expect(check(restarted, { exitCode: 137, state: 'current' }).holds).to.equal(false);
    expect(check(exited, { reason: 'Error', exitCode: 1, state: 'current' })).to.deep.equal({
      holds: true, observed: 'web-0: state terminated Error exit 1, last state none',
    });
  });

  it('state last looks at the last state only', () => {
    expect(check(restarted, { exitCode: 137, state: 'last' }).holds).to.equal(true);
    expect(check(exited, { exitCode: 1, state: 'last' }).holds).to.equal(false);
  });

  it('state either (the default) accepts both', () => {
    expect(check(restarted, { exitCode: 137, state: 'either' }).holds).to.equal(true);
    expect(check(exited, { exitCode: 1 }).holds).to.equal(true);
  });

  it('reads a clean exit (P5: nginx exits 0 on SIGTERM) and a missing reason', () => {
    const view = viewOf([added(pod({ waiting: 'CrashLoopBackOff', restartCount: 4, lastTerminated: { exitCode: 0 } }))]);
    expect(check(view, { exitCode: 0 })).to.deep.equal({
      holds: true, observed: 'web-0: state waiting CrashLoopBackOff, last state terminated exit 0',
    });
  });

  it('is met by any pod by default, by every pod with match: all', () => {
    const view = viewOf([
      added(pod({ name: 'web-0', restartCount: 1, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } })),
      added(pod({ name: 'web-1' })),
    ]);
    expect(check(view, { reason: 'OOMKilled' }).holds).to.equal(true);
    expect(check(view, { reason: 'OOMKilled', target: { selector: 'app=web', match: 'all' } })).to.deep.equal({
      holds: false,
      observed: 'web-0: state running, last state terminated OOMKilled exit 137; web-1: state running, last state none',
    });
  });

  it('fails when no pod matches', () => {
    expect(check(restarted, { exitCode: 137, target: 'app=api' })).to.deep.equal({
      holds: false, observed: 'no pod matches app=api (pods present: web-0)',
    });
  });

  it('describes itself', () => {
    expect(terminated.describe({ target: 'app=web', reason: 'Error', exitCode: 137, state: 'last' }))
      .to.equal('pods app=web terminated with reason Error, exit code 137 in its last state');
    expect(terminated.describe({ target: 'app=web', exitCode: 0 })).to.equal('pods app=web terminated with exit code 0 now or in its last state');
    expect(terminated.describe({ target: 'app=web', reason: 'Completed', state: 'current' })).to.equal('pods app=web terminated with reason Completed now');
  });
});
