import { expect } from 'chai';
import { restarts } from '../../framework/expectations/restarts.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, deleted, viewOf } from '../builders/timeline-script.js';

const twoPods = (first: number, second: number) => viewOf([
  added(pod({ name: 'web-0', restartCount: first })),
  added(pod({ name: 'web-1', restartCount: second })),
]);

describe('restarts expectation', () => {
  describe('atLeast', () => {
    it('is met when any target pod reaches the count', () => {
      expect(restarts.check(twoPods(0, 1), { target: 'app=web', atLeast: 1 }, context())).to.deep.equal({
        holds: true, observed: 'web-0: restartCount 0; web-1: restartCount 1',
      });
    });

    it('is not met while no pod has reached it', () => {
      expect(restarts.check(twoPods(0, 0), { target: 'app=web', atLeast: 1 }, context()).holds).to.equal(false);
    });

    it('needs every pod with match: all', () => {
      expect(restarts.check(twoPods(0, 1), { target: { selector: 'app=web', match: 'all' }, atLeast: 1 }, context()).holds).to.equal(false);
      expect(restarts.check(twoPods(2, 1), { target: { selector: 'app=web', match: 'all' }, atLeast: 1 }, context()).holds).to.equal(true);
    });
  });

  describe('exactly and atMost', () => {
    it('exactly must hold for every target pod', () => {
      expect(restarts.check(twoPods(0, 0), { target: 'app=web', exactly: 0 }, context()).holds).to.equal(true);
      expect(restarts.check(twoPods(0, 1), { target: 'app=web', exactly: 0 }, context()).holds).to.equal(false);
    });

    it('atMost must hold for every target pod', () => {
      expect(restarts.check(twoPods(2, 1), { target: 'app=web', atMost: 2 }, context()).holds).to.equal(true);
      expect(restarts.check(twoPods(3, 1), { target: 'app=web', atMost: 2 }, context()).holds).to.equal(false);
    });

    it('match: any makes one pod enough', () => {
      expect(restarts.check(twoPods(0, 1), { target: { selector: 'app=web', match: 'any' }, exactly: 0 }, context()).holds).to.equal(true);
      expect(restarts.check(twoPods(5, 1), { target: { selector: 'app=web', match: 'any' }, atMost: 1 }, context()).holds).to.equal(true);
    });
  });

  it('fails when no pod matches, listing the pods that are present', () => {
    const view = viewOf([added(pod({ name: 'db-0', labels: { app: 'db' }, restartCount: 4 }))]);
    const check = restarts.check(view, { target: 'app=web', atLeast: 0 }, context());
    expect(check.holds).to.equal(false);
    expect(check.observed).to.equal('no pod matches app=web (pods present: db-0)');
  });

  it('ignores pods that are gone', () => {
    const view = viewOf([
      added(pod({ name: 'web-0', restartCount: 3 })),
      deleted(pod({ name: 'web-0', restartCount: 3, deletionTimestamp: 0 })),
      added(pod({ name: 'web-1', restartCount: 0 })),
    ]);
    expect(restarts.check(view, { target: 'app=web', atLeast: 1 }, context())).to.deep.equal({
      holds: false, observed: 'web-1: restartCount 0',
    });
  });

  it('reads the named container and labels it pod/container', () => {
    const view = viewOf([added(pod({ containers: [{ name: 'web', restartCount: 2 }, { name: 'log-agent', restartCount: 0 }] }))]);
    expect(restarts.check(view, { target: { selector: 'app=web', container: 'web' }, atLeast: 2 }, context())).to.deep.equal({
      holds: true, observed: 'web-0/web: restartCount 2',
    });
    expect(restarts.check(view, { target: { selector: 'app=web', container: 'log-agent' }, atLeast: 1 }, context())).to.deep.equal({
      holds: false, observed: 'web-0/log-agent: restartCount 0',
    });
  });

  it('is not met for a container without a status, and says so', () => {
    const view = viewOf([added(pod())]);
    expect(restarts.check(view, { target: { selector: 'app=web', container: 'nginx' }, atMost: 5 }, context())).to.deep.equal({
      holds: false, observed: 'web-0/nginx: restartCount unknown (no container status yet)',
    });
  });

  it('describes the comparison', () => {
    expect(restarts.describe({ target: { selector: 'app=web', container: 'web' }, atLeast: 1 })).to.equal('restartCount of pods app=web, container web >= 1');
    expect(restarts.describe({ target: 'app=web', exactly: 0 })).to.equal('restartCount of pods app=web == 0');
    expect(restarts.describe({ target: 'app=web', atMost: 2 })).to.equal('restartCount of pods app=web <= 2');
  });

  it('validates the selector', () => {
    expect(restarts.validate!({ target: 'app=web,', atLeast: 1 })).to.deep.equal([
      { path: 'target', message: 'invalid label selector: empty requirement (two commas in a row, or a trailing comma)' },
    ]);
  });
});
