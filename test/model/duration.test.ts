import { expect } from 'chai';
import { formatDuration, parseDuration, requireDuration } from '../../framework/model/duration.js';

describe('parseDuration', () => {
  it('reads each unit: ms, s, m, h', () => {
    expect(parseDuration('500ms')).to.equal(500);
    expect(parseDuration('30s')).to.equal(30_000);
    expect(parseDuration('2m')).to.equal(120_000);
    expect(parseDuration('1h')).to.equal(3_600_000);
  });

  it('adds up combinations as Go does: 1m30s, 1h30m, 1h1m1s1ms', () => {
    expect(parseDuration('1m30s')).to.equal(90_000);
    expect(parseDuration('1h30m')).to.equal(5_400_000);
    expect(parseDuration('1h1m1s1ms')).to.equal(3_661_001);
  });

  it('reads fractions and rounds to whole milliseconds', () => {
    expect(parseDuration('1.5s')).to.equal(1_500);
    expect(parseDuration('0.25m')).to.equal(15_000);
    expect(parseDuration('0.0004s')).to.equal(0);
    expect(parseDuration('0.0005s')).to.equal(1);
  });

  it('reads zero', () => {
    expect(parseDuration('0s')).to.equal(0);
  });

  for (const text of ['', '30', '-1s', 'soon', '1d', '1S', ' 1s', '1s ', '.5s', '1.s', '1 s', '1m 30s']) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      expect(parseDuration(text)).to.equal(undefined);
    });
  }
});

describe('requireDuration', () => {
  it('returns the milliseconds of a valid duration', () => {
    expect(requireDuration('2m', 'within')).to.equal(120_000);
  });

  it('names the field, what was expected and what was given', () => {
    expect(() => requireDuration('soon', 'steps[2].expect.restarts.within')).to.throw(
      'steps[2].expect.restarts.within: expected a duration like "500ms", "30s", "2m" or "1m30s", got "soon"',
    );
  });
});

describe('formatDuration', () => {
  it('shows whole milliseconds below one second', () => {
    expect(formatDuration(0)).to.equal('0ms');
    expect(formatDuration(850)).to.equal('850ms');
    expect(formatDuration(999)).to.equal('999ms');
    expect(formatDuration(999.4)).to.equal('999ms');
  });

  it('shows seconds with two decimals below ten seconds', () => {
    expect(formatDuration(1_000)).to.equal('1.00s');
    expect(formatDuration(4_500)).to.equal('4.50s');
    expect(formatDuration(9_990)).to.equal('9.99s');
  });

  it('shows seconds with one decimal from ten seconds to a minute', () => {
    expect(formatDuration(10_000)).to.equal('10.0s');
    expect(formatDuration(12_345)).to.equal('12.3s');
    expect(formatDuration(59_900)).to.equal('59.9s');
  });

  it('shows minutes and zero-padded seconds from one minute on', () => {
    expect(formatDuration(60_000)).to.equal('1m00s');
    expect(formatDuration(65_000)).to.equal('1m05s');
    expect(formatDuration(90_000)).to.equal('1m30s');
    expect(formatDuration(3_600_000)).to.equal('1h00m');
    expect(formatDuration(10_000_000_000)).to.equal('2777h47m');
  });

  describe('values just below a unit boundary', () => {
    it('119.5s prints "2m00s", not "1m60s"', () => {
      expect(formatDuration(119_500)).to.equal('2m00s');
    });

    it('59.95s prints "1m00s", not "60.0s"', () => {
      expect(formatDuration(59_950)).to.equal('1m00s');
    });

    it('9.999s prints "10.0s", not "10.00s"', () => {
      expect(formatDuration(9_999)).to.equal('10.0s');
    });
  });
});
