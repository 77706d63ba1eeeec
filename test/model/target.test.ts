import { expect } from 'chai';
import { resolveTarget, targetProblems } from '../../framework/model/target.js';

describe('resolveTarget', () => {
  it('reads a string as a label selector', () => {
    const target = resolveTarget('app=web');
    expect(target.text).to.equal('pods app=web');
    expect(target.selector?.requirements).to.deep.equal([{ key: 'app', operator: 'in', values: ['web'] }]);
    expect(target).to.not.have.any.keys('pod', 'container', 'match');
  });

  it('names the container in its text', () => {
    const target = resolveTarget({ selector: 'app=web', container: 'web', match: 'all' });
    expect(target.text).to.equal('pods app=web, container web');
    expect(target.container).to.equal('web');
    expect(target.match).to.equal('all');
  });

  it('prefers the pod name in the text when a pod is named', () => {
    const target = resolveTarget({ pod: 'web-0', container: 'web' });
    expect(target.text).to.equal('pod web-0, container web');
    expect(target.pod).to.equal('web-0');
    expect(target.selector).to.equal(undefined);
  });

  it('throws on an invalid selector', () => {
    expect(() => resolveTarget('app=web,')).to.throw('empty requirement');
  });
});

describe('targetProblems', () => {
  it('reports nothing for a valid selector or a pod name', () => {
    expect(targetProblems('app=web')).to.deep.equal([]);
    expect(targetProblems({ pod: 'web-0' })).to.deep.equal([]);
  });

  it('points at the target itself for a string', () => {
    expect(targetProblems('app=web,', 'target')).to.deep.equal([{
      path: 'target',
      message: 'invalid label selector: empty requirement (two commas in a row, or a trailing comma)',
    }]);
  });

  it('points at target/selector for an object', () => {
    expect(targetProblems({ selector: 'app=web server' })).to.deep.equal([{
      path: 'target/selector',
      message: 'invalid label selector: "app=web server": "web server" is not a valid label value (at most 63 characters: letters, digits, "-", "_", ".")',
    }]);
  });
});
