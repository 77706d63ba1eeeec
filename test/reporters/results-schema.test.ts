import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import Mocha from 'mocha';
import { VERDICTS, type ScenarioResult } from '../../framework/engine/scenario-result.js';
import { MARKERS, OBSERVED_KINDS } from '../../framework/observe/timeline-entry.js';
import { RESULTS_FORMAT, RESULTS_VERSION, type ResultsDocument } from '../../framework/replay/results-format.js';
import { attachResult } from '../../framework/report/result-attachment.js';
import JsonReporter from '../../reporters/json.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCHEMA_PATH = join(REPO_ROOT, 'schema/results.v1.schema.json');
const RECORDED_DIR = join(REPO_ROOT, 'test/fixtures/results');
const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.faultline-secret-token';

type Json = Record<string, any>;

async function recordedFiles(): Promise<string[]> {
  return (await readdir(RECORDED_DIR)).filter((name) => name.endsWith('.json')).sort();
}

async function readJson(path: string): Promise<Json> {
  return JSON.parse(await readFile(path, 'utf8')) as Json;
}

/** `instancePath keyword` of each error, e.g. `/results/0/verdict enum`: enough to tell which rule caught what. */
function caught(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
}

/** Runs the JSON reporter over scenario tests that carry `results`; resolves with the file it wrote. */
async function jsonReporterOutput(results: readonly ScenarioResult[], output: string): Promise<Json> {
  const mocha = new Mocha({ reporter: JsonReporter, reporterOptions: { output } });
  const suite = Mocha.Suite.create(mocha.suite, 'recorded');
  for (const result of results) {
    suite.addTest(new Mocha.Test(result.scenario, function (this: Mocha.Context) {
      attachResult(this.test!, result);
      if (result.verdict !== 'passed') throw new Error(result.message);
    }));
  }
  await new Promise((done) => mocha.run(done));
  return readJson(output);
}

describe('schema/results.v1.schema.json', () => {
  let schema: Json;
  let validate: ValidateFunction;
  let recorded: Json;

  before(async () => {
    schema = await readJson(SCHEMA_PATH);
    // Strict mode, as a consumer's ajv would run it: no unknown keywords or formats, no loose types.
    validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    recorded = await readJson(join(RECORDED_DIR, 'probes-run.json'));
  });

  it('accepts every results file recorded on the local cluster (test/fixtures/results)', async () => {
    const files = await recordedFiles();
    expect(files).to.include.members(['probes-run.json']);
    for (const file of files) {
      const valid = validate(await readJson(join(RECORDED_DIR, file)));
      expect(caught(validate.errors), file).to.deep.equal([]);
      expect(valid, file).to.equal(true);
    }
  });

  describe('the JSON reporter\'s own output', () => {
    let dir: string;
    before(async () => { dir = await mkdtemp(join(tmpdir(), 'faultline-results-schema-')); });
    after(() => rm(dir, { recursive: true, force: true }));

    it('validates, for passed and failed scenarios with their whole timelines', async () => {
      const results = recorded['results'] as ScenarioResult[];
      expect(results.map((result) => result.verdict)).to.include.members(['passed', 'failed']);
      const written = await jsonReporterOutput(results, join(dir, 'results.json'));
      expect(validate(written), JSON.stringify(caught(validate.errors))).to.equal(true);
      expect(written['results']).to.have.length(results.length);
    });

    it('validates when the results handed to it carry kubeconfig data, which it leaves out; the schema refuses that data', async () => {
      const leaky = {
        ...(recorded['results'] as ScenarioResult[])[0]!,
        server: `https://admin:hunter2@127.0.0.1:6443/?token=${SECRET_TOKEN}`,
        kubeconfig: { users: [{ name: 'admin', user: { token: SECRET_TOKEN } }] },
      };
      const written = await jsonReporterOutput([leaky], join(dir, 'leaky.json'));
      expect(validate(written), JSON.stringify(caught(validate.errors))).to.equal(true);
      expect(JSON.stringify(written)).not.to.contain(SECRET_TOKEN);
      expect(validate({ ...written, results: [leaky] })).to.equal(false);
      expect(caught(validate.errors)).to.include.members(['/results/0 additionalProperties', '/results/0/server pattern']);
    });
  });

  describe('refuses broken results files, naming the field', () => {
    /** Each case breaks a copy of the recorded file (its 3rd result failed, the 1st passed). */
    const cases: Array<[string, (document: Json) => void, RegExp]> = [
      ['another format', (d) => { d['format'] = 'junit'; }, /^\/format const$/],
      ['a newer version', (d) => { d['version'] = 2; }, /^\/version const$/],
      ['a run start that is not ISO 8601', (d) => { d['startedAt'] = 1736935200000; }, /^\/startedAt type$/],
      ['a field of its own at the top', (d) => { d['kubeconfig'] = {}; }, /^ additionalProperties$/],
      ['a result without a verdict', (d) => { delete d['results'][0]['verdict']; }, /^\/results\/0 required$/],
      ['a verdict it does not know', (d) => { d['results'][0]['verdict'] = 'flaky'; }, /^\/results\/0\/verdict enum$/],
      ['a passed result with a message', (d) => { d['results'][0]['message'] = 'all good'; }, /^\/results\/0\/message false schema$/],
      ['a failed result without a message', (d) => { delete d['results'][2]['message']; }, /^\/results\/2 required$/],
      ['a server address with a password', (d) => { d['results'][0]['server'] = 'https://admin:hunter2@127.0.0.1:6443'; }, /^\/results\/0\/server pattern$/],
      ['a server address with a token in its query', (d) => { d['results'][0]['server'] = `https://127.0.0.1:6443/?token=${SECRET_TOKEN}`; }, /^\/results\/0\/server pattern$/],
      ['a duration as text', (d) => { d['results'][0]['durationMs'] = '26s'; }, /^\/results\/0\/durationMs type$/],
      ['a step index from 0', (d) => { d['results'][0]['steps'][0]['index'] = 0; }, /^\/results\/0\/steps\/0\/index minimum$/],
      ['a fault step that does not name its fault', (d) => { delete d['results'][0]['steps'][1]['fault']; }, /^\/results\/0\/steps\/1 required$/],
      ['an expect step that names a fault', (d) => { d['results'][0]['steps'][0]['fault'] = 'renameFile'; }, /^\/results\/0\/steps\/0\/fault false schema$/],
      ['a step status it does not know', (d) => { d['results'][0]['steps'][0]['status'] = 'ok'; }, /^\/results\/0\/steps\/0\/status enum$/],
      ['an expectation\'s verdict as text', (d) => { d['results'][0]['steps'][0]['expectations'][0]['passed'] = 'yes'; }, /^\/results\/0\/steps\/0\/expectations\/0\/passed type$/],
      ['an expectation without its source', (d) => { delete d['results'][0]['steps'][0]['expectations'][0]['source']; }, /^\/results\/0\/steps\/0\/expectations\/0 required$/],
      ['a timeline entry of an unknown type', (d) => { d['results'][0]['timeline'][0] = { type: 'log', at: 1, text: 'x' }; }, /^\/results\/0\/timeline\/0\/type enum$/],
      ['a marker of an unknown kind', (d) => { d['results'][0]['timeline'][0]['marker'] = 'coffee-break'; }, /^\/results\/0\/timeline\/0\/marker enum$/],
      ['a change of a kind Faultline does not watch', (d) => {
        const index = (d['results'][0]['timeline'] as Json[]).findIndex((entry) => entry['type'] === 'change');
        d['results'][0]['timeline'][index]['kind'] = 'Secret';
      }, /^\/results\/0\/timeline\/\d+\/kind enum$/],
      ['an HTTP answer with an impossible status', (d) => {
        d['results'][0]['timeline'].push({ type: 'http', at: 1, service: 'web', path: '/', status: 999, body: '' });
      }, /^\/results\/0\/timeline\/\d+\/status maximum$/],
    ];

    for (const [what, breakIt, expected] of cases) {
      it(what, () => {
        const document = structuredClone(recorded);
        breakIt(document);
        expect(validate(document)).to.equal(false);
        const errors = caught(validate.errors);
        expect(errors.some((error) => expected.test(error)), `${expected} among ${JSON.stringify(errors)}`).to.equal(true);
      });
    }
  });

  it('names the same format, version, verdicts, markers and watched kinds as the code', () => {
    const definitions = schema['definitions'] as Json;
    expect(schema['properties']['format']['const']).to.equal(RESULTS_FORMAT);
    expect(schema['properties']['version']['const']).to.equal(RESULTS_VERSION);
    expect(definitions['scenarioResult']['properties']['verdict']['enum']).to.deep.equal([...VERDICTS]);
    expect(definitions['marker']['properties']['marker']['enum']).to.deep.equal([...MARKERS]);
    expect(definitions['observedKind']['enum']).to.deep.equal([...OBSERVED_KINDS]);
    const document: ResultsDocument = { format: RESULTS_FORMAT, version: RESULTS_VERSION, startedAt: new Date(0).toISOString(), results: [] };
    expect(validate(document)).to.equal(true);
  });

  it('is exported by the package as faultline/schema/results', () => {
    expect(createRequire(import.meta.url).resolve('faultline/schema/results')).to.equal(SCHEMA_PATH);
  });

  it('documents every field it accepts in docs/results-format.md, which links to it', async () => {
    const doc = await readFile(join(REPO_ROOT, 'docs/results-format.md'), 'utf8');
    expect(doc).to.contain('(../schema/results.v1.schema.json)');
    const definitions = schema['definitions'] as Json;
    const fields = ['scenarioResult', 'step', 'expectation', 'change', 'marker', 'http']
      .flatMap((name) => Object.keys(definitions[name]['properties'] as Json));
    const undocumented = [...new Set([...Object.keys(schema['properties'] as Json), ...fields, ...MARKERS])].filter((field) => !new RegExp(`[\`.]${field}[\`[]`).test(doc)); // `field`, or a path like `steps[].expectations`
    expect(undocumented).to.deep.equal([]);
  });
});
