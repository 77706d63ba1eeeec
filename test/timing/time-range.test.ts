import { expect } from 'chai';
import { either, formatRange, formatSeconds, formatSpan, later, plus, timeRange, times } from '../../framework/timing/time-range.js';
import { s } from './pods.js';

describe('time ranges', () => {
  it('add, take the later, either and repeat bound by bound', () => {
    expect(plus(s(1, 2, 3), s(10, 20, 30))).to.deep.equal(s(11, 22, 33));
    expect(later(s(1, 5, 9), s(2, 3, 4))).to.deep.equal(s(2, 5, 9));
    expect(either(s(6, 7, 11), s(3, 9, 20))).to.deep.equal(s(3, 7, 20));
    expect(times(s(1, 2, 3), 3)).to.deep.equal(s(3, 6, 9));
  });

  it('refuse bounds out of order', () => {
    expect(() => timeRange(5, 4, 6)).to.throw(RangeError, '0 <= earliest <= typical <= latest');
  });

  it('print as people read them', () => {
    expect([900, 1_500, 9_000, 59_940, 60_000, 100_000].map(formatSeconds)).to.deep.equal(['0.9s', '1.5s', '9s', '59.9s', '1m', '1m40s']);
    expect(formatSpan(6_000, 11_000)).to.equal('6–11s');
    expect(formatSpan(22_000, 100_000)).to.equal('22s–1m40s');
    expect(formatRange(s(6, 9, 15))).to.equal('~9s (6–15s)');
  });
});
