import { expect } from 'chai';
import { describeWindow, resolveWindow } from '../../framework/model/window.js';

describe('resolveWindow', () => {
  it('defaults to within the given default, with no lower bound', () => {
    expect(resolveWindow({}, 60_000)).to.deep.equal({ mode: 'within', ms: 60_000, afterMs: 0 });
  });

  it('reads within and after', () => {
    expect(resolveWindow({ within: '30s', after: '5s' }, 60_000)).to.deep.equal({ mode: 'within', ms: 30_000, afterMs: 5_000 });
  });

  it('applies after to the default window', () => {
    expect(resolveWindow({ after: '10s' }, 120_000)).to.deep.equal({ mode: 'within', ms: 120_000, afterMs: 10_000 });
  });

  it('reads for and never', () => {
    expect(resolveWindow({ for: '1m30s' }, 60_000)).to.deep.equal({ mode: 'for', ms: 90_000 });
    expect(resolveWindow({ never: '2m' }, 60_000)).to.deep.equal({ mode: 'never', ms: 120_000 });
  });
});

describe('describeWindow', () => {
  it('says within, between, for and never in people\'s units', () => {
    expect(describeWindow({ mode: 'within', ms: 30_000, afterMs: 0 })).to.equal('within 30s');
    expect(describeWindow({ mode: 'within', ms: 90_000, afterMs: 5_000 })).to.equal('between 5s and 1m30s');
    expect(describeWindow({ mode: 'for', ms: 10_000 })).to.equal('for 10s');
    expect(describeWindow({ mode: 'never', ms: 120_000 })).to.equal('never during 2m');
  });
});
