import { expect } from 'chai';
import { EXPECTATION_KINDS, expectationPlugin, expectationPlugins } from '../../framework/expectations/registry.js';

describe('expectation registry', () => {
  it('lists every kind', () => {
    expect(EXPECTATION_KINDS).to.deep.equal([
      'restarts', 'waiting', 'terminated', 'ready', 'endpoints', 'terminating', 'event',
      'phase', 'condition', 'podStatus', 'replacement', 'orphaned', 'readyReplicas', 'http',
      'nodeCondition', 'nodeTaint', 'evicted', 'sequence',
    ]);
  });

  it('files each plugin under its own kind', () => {
    for (const kind of EXPECTATION_KINDS) {
      expect(expectationPlugins[kind].kind).to.equal(kind);
      expect(expectationPlugin(kind)).to.equal(expectationPlugins[kind]);
    }
  });

  it('gives each plugin an object schema with a description, and each of its fields one too', () => {
    for (const kind of EXPECTATION_KINDS) {
      const schema = expectationPlugins[kind].schema;
      expect(schema, kind).to.include({ type: 'object' });
      expect(schema.description, kind).to.be.a('string').that.is.not.empty;
      for (const [field, fieldSchema] of Object.entries(schema.properties as Record<string, { description?: string }>)) {
        expect(fieldSchema.description, `${kind}.${field}`).to.be.a('string').that.is.not.empty;
      }
    }
  });
});
