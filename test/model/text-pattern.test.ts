import { expect } from 'chai';
import { textMatcher } from '../../framework/model/text-pattern.js';

describe('textMatcher', () => {
  it('matches a substring, or anything when no pattern is given', () => {
    expect(textMatcher('statuscode: 404')('HTTP probe failed with statuscode: 404')).to.equal(true);
    expect(textMatcher('statuscode: 500')('HTTP probe failed with statuscode: 404')).to.equal(false);
    expect(textMatcher(undefined)('anything')).to.equal(true);
  });

  it('reads /.../flags as a regular expression', () => {
    expect(textMatcher('/dial tcp [0-9.]+:80: connect: connection refused/')('dial tcp 10.244.0.5:80: connect: connection refused')).to.equal(true);
    expect(textMatcher('/LIVENESS/i')('Liveness probe failed')).to.equal(true);
  });

  it('ignores g and y, which would make every other test() miss', () => {
    const matches = textMatcher('/Back-off/g');
    expect([matches('Back-off restarting'), matches('Back-off restarting')]).to.deep.equal([true, true]);
  });

  it('throws the RegExp error for an invalid expression', () => {
    expect(() => textMatcher('/probe (failed/')).to.throw(SyntaxError, /Unterminated group/);
  });
});
