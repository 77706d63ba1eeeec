import { expect } from 'chai';
import { containerStop } from '../../framework/timing/container-stop.js';
import { terminatingDuration } from '../../framework/timing/terminating-duration.js';
import { nginx, s } from './pods.js';

describe('Terminating after a deletion', () => {
  const l2 = nginx({ lifecycle: { preStop: { exec: { command: ['sleep', '10000000'] } } } }, { terminationGracePeriodSeconds: 20 });

  it('L2: a never-ending preStop and grace 20s: at least 20s, killed at ~22s, gone at the next status sync (measured: ~30s)', () => {
    expect(containerStop(l2)).to.deep.equal(s(20, 22, 22));
    const { range, rule } = terminatingDuration(l2);
    expect(range).to.deep.equal(s(20, 30, 32));
    expect(rule).to.equal('a preStop hook that outlasts the 20s grace period keeps the pod Terminating 20–32s');
  });

  it('a preStop shorter than the grace period: at least its length', () => {
    const short = nginx({ lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } });
    expect(terminatingDuration(short).range).to.deep.equal(s(5, 13.5, 17));
  });

  it('without preStop: from at once to the prompt stop plus the status sync; an unknown hook may take the whole grace period', () => {
    expect(terminatingDuration(nginx()).range).to.deep.equal(s(0, 8.5, 12));
    expect(terminatingDuration(nginx({ lifecycle: { preStop: { httpGet: { path: '/drain', port: 80 } } } })).range).to.deep.equal(s(0, 38, 42));
  });

  it('a deletion\'s own grace period overrides the pod\'s; 0 removes the pod at once', () => {
    expect(terminatingDuration(l2, 5_000).range).to.deep.equal(s(5, 15, 17));
    expect(terminatingDuration(l2, 0)).to.deep.equal({ range: s(0, 0, 1), rule: 'a deletion with grace period 0 removes the pod at once' });
  });
});
