import { expect } from 'chai';
import { ready } from '../../framework/expectations/ready.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, viewOf } from '../builders/timeline-script.js';

const pods = (...readiness: boolean[]) => viewOf(readiness.map((r, i) => added(pod({ name: `web-${i}`, podReady: r }))));

describe('ready expectation', () => {
  describe('status true (default)', () => {
    it('needs every target pod Ready', () => {
      expect(ready.check(pods(true, true), { target: 'app=web' }, context())).to.deep.equal({
        holds: true, observed: 'web-0: Ready; web-1: Ready',
      });
      expect(ready.check(pods(true, false), { target: 'app=web' }, context())).to.deep.equal({
        holds: false, observed: 'web-0: Ready; web-1: not Ready',
      });
    });

    it('with count, needs at least that many Ready', () => {
      expect(ready.check(pods(true, false, true), { target: 'app=web', count: 2 }, context()).holds).to.equal(true);
      expect(ready.check(pods(true, false, true), { target: 'app=web', count: 3 }, context()).holds).to.equal(false);
    });

    it('with match: any, one Ready pod is enough', () => {
      expect(ready.check(pods(false, true), { target: { selector: 'app=web', match: 'any' } }, context()).holds).to.equal(true);
    });

    it('leaves Terminating pods out: the replacement being Ready is what counts', () => {
      const view = viewOf([
        added(pod({ name: 'web-0', podReady: false, deletionTimestamp: 0 })),
        added(pod({ name: 'web-1' })),
      ]);
      expect(ready.check(view, { target: 'app=web' }, context())).to.deep.equal({ holds: true, observed: 'web-1: Ready' });
    });

    it('when every target pod is Terminating, says so instead of "no pod matches"', () => {
      const view = viewOf([added(pod({ name: 'web-0', deletionTimestamp: 0 }))]);
      const check = ready.check(view, { target: 'app=web' }, context());
      expect(check.holds).to.equal(false);
      expect(check.observed).to.not.include('no pod matches');
      expect(check.observed).to.include('web-0').and.to.include('Terminating');
    });
  });

  describe('status false', () => {
    it('is met when any target pod is not Ready', () => {
      expect(ready.check(pods(true, false), { target: 'app=web', status: false }, context())).to.deep.equal({
        holds: true, observed: 'web-0: Ready; web-1: not Ready',
      });
      expect(ready.check(pods(true, true), { target: 'app=web', status: false }, context()).holds).to.equal(false);
    });

    it('with match: all, needs every target pod not Ready', () => {
      expect(ready.check(pods(true, false), { target: { selector: 'app=web', match: 'all' }, status: false }, context()).holds).to.equal(false);
      expect(ready.check(pods(false, false), { target: { selector: 'app=web', match: 'all' }, status: false }, context()).holds).to.equal(true);
    });

    it('counts Terminating pods', () => {
      const view = viewOf([added(pod({ name: 'web-0', podReady: false, deletionTimestamp: 0 }))]);
      expect(ready.check(view, { target: 'app=web', status: false }, context())).to.deep.equal({ holds: true, observed: 'web-0: not Ready' });
    });
  });

  it('fails when no pod matches, listing the pods present', () => {
    const view = viewOf([added(pod({ name: 'db-0', labels: { app: 'db' } }))]);
    expect(ready.check(view, { target: 'app=web', status: false }, context())).to.deep.equal({
      holds: false, observed: 'no pod matches app=web (pods present: db-0)',
    });
  });

  it('describes itself', () => {
    expect(ready.describe({ target: 'app=web' })).to.equal('pods app=web Ready');
    expect(ready.describe({ target: 'app=web', count: 3 })).to.equal('at least 3 of pods app=web Ready');
    expect(ready.describe({ target: 'app=web', status: false })).to.equal('pods app=web not Ready');
  });

  it('rejects count with status false', () => {
    expect(ready.validate!({ target: 'app=web', status: false, count: 1 })).to.deep.equal([
      { path: 'count', message: 'count applies only to status: true' },
    ]);
    expect(ready.validate!({ target: 'app=web', count: 1 })).to.deep.equal([]);
  });
});
