import { expect } from 'chai';
import { EXPECTATION_KINDS, expectationPlugin, expectationPlugins } from '../../framework/expectations/registry.js';

describe('expectation registry', () => {
  it('lists every kind', () => {
    expect(EXPECTATION_KINDS).to.deep.equal(['restarts', 'waiting', 'terminated', 'ready', 'endpoints', 'terminating', 'event']);
  });

  it('files each plugin under its own kind', () => {
    for (const kind of EXPECTATION_KINDS) {
      expect(expectationPlugins[kind].kind).to.equal(kind);
      expect(expectationPlugin(kind)).to.equal(expectationPlugins[kind]);
    }
  });

  it('gives each plugin an object schema with a description', () => {
    for (const kind of EXPECTATION_KINDS) {
      expect(expectationPlugins[kind].schema, kind).to.include({ type: 'object' });
      expect(expectationPlugins[kind].schema.description, kind).to.be.a('string').that.is.not.empty;
    }
  });
});
