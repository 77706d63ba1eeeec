import { expect } from 'chai';
import { childPointer, dottedPath, isWithin, joinRelativePath, parentPointer, pointerSegments, valueAtPointer } from '../../framework/loading/json-pointer.js';

describe('json-pointer', () => {
  it('escapes and unescapes segments as RFC 6901 says', () => {
    const pointer = childPointer(childPointer('', 'labels'), 'app.kubernetes.io/name~x');
    expect(pointer).to.equal('/labels/app.kubernetes.io~1name~0x');
    expect(pointerSegments(pointer)).to.deep.equal(['labels', 'app.kubernetes.io/name~x']);
    expect(parentPointer(pointer)).to.equal('/labels');
    expect(parentPointer('')).to.equal(undefined);
  });

  it('prints the dotted path people read, with list indexes taken from the document', () => {
    const document = { spec: { steps: [{}, {}, { expect: { restarts: {} } }] }, '0': { x: 1 } };
    expect(dottedPath('/spec/steps/2/expect/restarts/within', document)).to.equal('spec.steps[2].expect.restarts.within');
    expect(dottedPath('/metadata/labels/app.kubernetes.io~1name', {})).to.equal('metadata.labels["app.kubernetes.io/name"]');
    expect(dottedPath('', document)).to.equal('');
  });

  it('joins the relative paths plugins report, in slash or dotted form', () => {
    expect(joinRelativePath('/spec/steps/0/fault/x', 'target/selector')).to.equal('/spec/steps/0/fault/x/target/selector');
    expect(joinRelativePath('/a', 'between[1]')).to.equal('/a/between/1');
    expect(joinRelativePath('/a', '')).to.equal('/a');
  });

  it('tells whether a pointer lies within another, and reads values', () => {
    expect(isWithin('/spec/steps/1', '/spec/steps/1')).to.equal(true);
    expect(isWithin('/spec/steps/10', '/spec/steps/1')).to.equal(false);
    expect(isWithin('/spec/steps/1/name', '/spec/steps/1')).to.equal(true);
    expect(valueAtPointer({ a: [{ b: 2 }] }, '/a/0/b')).to.equal(2);
    expect(valueAtPointer({ a: 1 }, '/a/b')).to.equal(undefined);
  });
});
