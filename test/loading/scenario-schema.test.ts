import { expect } from 'chai';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILTIN_PLUGINS } from '../../framework/loading/plugin-catalog.js';
import { buildScenarioSchema, POSITIVE_DURATION_PATTERN, SCENARIO_SCHEMA_ID } from '../../framework/loading/scenario-schema.js';
import { SchemaValidator } from '../../framework/loading/schema-validation.js';
import { scenarioSchemaText, writeScenarioSchema } from '../../framework/loading/write-schema.js';
import { fakePlugins } from './fake-plugins.js';
import { fromRoot } from './fixtures.js';

type Json = Record<string, any>;

describe('buildScenarioSchema', () => {
  const schema = buildScenarioSchema(fakePlugins) as Json;

  it('is a draft-07 schema with an $id, for editors', () => {
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).to.equal(SCENARIO_SCHEMA_ID);
    expect(schema.required).to.deep.equal(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(schema.additionalProperties).to.equal(false);
  });

  it('lets a fault step name exactly one of the fault kinds, each with its plugin\'s schema, closed to other fields', () => {
    expect(schema.definitions.fault).to.include({ minProperties: 1, maxProperties: 1, additionalProperties: false });
    expect(schema.definitions.fault.properties).to.deep.equal({
      kill: { $ref: '#/definitions/fault.kill' },
      pause: { $ref: '#/definitions/fault.pause' },
    });
    expect(schema.definitions['fault.kill']).to.deep.equal({ ...fakePlugins.faults.kill!.schema, additionalProperties: false });
  });

  it('merges the window fields into each expectation\'s spec and closes it to anything else', () => {
    const up = schema.definitions['expectation.up'];
    expect(Object.keys(up.properties)).to.deep.equal(['target', 'count', 'within', 'for', 'never', 'after']);
    expect(up.required).to.deep.equal(['target']);
    expect(up.additionalProperties).to.equal(false);
    expect(up.allOf).to.deep.equal([{ $ref: '#/definitions/windowRules' }]);
    expect(up.properties.within).to.include({ type: 'string', pattern: POSITIVE_DURATION_PATTERN });
    expect(schema.definitions['expectation.seen'].anyOf).to.deep.equal([{ required: ['reason'] }, { required: ['message'] }]);
    expect(schema.definitions.expectations.anyOf.map((b: Json) => b.type)).to.deep.equal(['object', 'array']);
  });

  it('describes every field of the format, for editor hover help', () => {
    const described = (properties: Json): string[] => Object.entries(properties).filter(([, s]) => typeof s.description !== 'string').map(([k]) => k);
    expect(described(schema.properties)).to.deep.equal([]);
    expect(described(schema.properties.metadata.properties)).to.deep.equal([]);
    expect(described(schema.properties.spec.properties)).to.deep.equal([]);
    expect(described(schema.definitions.step.properties)).to.deep.equal([]);
    expect(described(schema.definitions['expectation.up'].properties).filter((k) => ['within', 'for', 'never', 'after'].includes(k))).to.deep.equal([]);
  });

  it('refuses a plugin that declares a window field itself, or is listed under another kind', () => {
    const up = fakePlugins.expectations.up!;
    const claimsWithin = { ...up, schema: { ...up.schema, properties: { within: { type: 'number' } } } };
    expect(() => buildScenarioSchema({ faults: {}, expectations: { up: claimsWithin } }))
      .to.throw('expectation plugin "up" declares within; the window fields are added by the schema assembler');
    expect(() => buildScenarioSchema({ faults: { other: fakePlugins.faults.kill! }, expectations: {} }))
      .to.throw('the fault registry lists "other" but that plugin\'s kind is "kill"');
  });

  it('compiles with ajv for the built-in plugins', () => {
    expect(() => new SchemaValidator(buildScenarioSchema(BUILTIN_PLUGINS))).not.to.throw();
  });
});

describe('schema/scenario.v1alpha1.schema.json', () => {
  it('is the schema assembled from the registries (so schema and plugins cannot drift)', async () => {
    const committed = await readFile(fromRoot('schema', 'scenario.v1alpha1.schema.json'), 'utf8').catch(() => '(missing)');
    expect(committed === scenarioSchemaText(),
      'schema/scenario.v1alpha1.schema.json is out of date: run `node dist/framework/loading/write-schema.js` and commit the result').to.equal(true);
  });

  it('is written by writeScenarioSchema', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'faultline-schema-'));
    try {
      const file = await writeScenarioSchema({ file: path.join(dir, 'schema.json'), plugins: fakePlugins });
      expect(await readFile(file, 'utf8')).to.equal(scenarioSchemaText(fakePlugins));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
