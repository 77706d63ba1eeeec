import { expect } from 'chai';
import { describeWindowChoice, timingWindowMs } from '../../framework/timing/default-window.js';

describe('windows from the timing rules', () => {
  it('the latest time plus half again, at least 10s, in whole seconds', () => {
    expect([1_000, 12_000, 15_000, 20_500, 100_000].map(timingWindowMs)).to.deep.equal([11_000, 22_000, 25_000, 31_000, 150_000]);
  });

  it('say where a window came from', () => {
    expect(describeWindowChoice({ kind: 'written' })).to.equal('as written');
    expect(describeWindowChoice({ kind: 'step-default', action: 'waitFor' })).to.equal('default of waitFor steps');
    expect(describeWindowChoice({ kind: 'timing', latestMs: 15_000 })).to.equal('computed: latest 15s + margin');
  });
});
