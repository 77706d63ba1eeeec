import { expect } from 'chai';
import { closestName } from '../../framework/loading/closest-name.js';

describe('closestName', () => {
  const fields = ['target', 'atLeast', 'exactly', 'atMost', 'within', 'for', 'never', 'after'];

  it('suggests the field a typo meant', () => {
    expect(closestName('withn', fields)).to.equal('within');
    expect(closestName('atleast', fields)).to.equal('atLeast');
    expect(closestName('renameFiel', ['exec', 'renameFile', 'deletePod'])).to.equal('renameFile');
  });

  it('suggests nothing when no name is close or two are equally close', () => {
    expect(closestName('selector', fields)).to.equal(undefined);
    expect(closestName('ab', ['ac', 'ad'])).to.equal(undefined);
  });
});
