import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import Mocha from 'mocha';
import { validateXML } from 'xmllint-wasm';
import type { ScenarioResult, StepOutcome } from '../../framework/engine/scenario-result.js';
import { attachResult } from '../../framework/report/result-attachment.js';
import JUnitReporter from '../../reporters/junit.js';
import { scenarioResult } from '../report/fixtures.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Vendored, with their provenance and licences in test/fixtures/xsd/README.md. */
const XSD_DIR = resolve(REPO_ROOT, 'test/fixtures/xsd');
const SCHEMA_FILES = { jenkins: 'jenkins-junit.xsd', ant: 'ant-junit.xsd' } as const;
const MOCHA_BIN = join(REPO_ROOT, 'node_modules/mocha/bin/mocha.js');

const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.faultline-secret-token';
const CLIENT_KEY = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=';
const NASTY = '\u001b[31mred\u001b[0m <&> ]]>\u0007 end';

// A real result never carries kubeconfig data; this one does, to prove only the listed properties are written.
const p1 = {
  ...scenarioResult(),
  server: `https://admin:hunter2@127.0.0.1:6443/?token=${SECRET_TOKEN}`,
  kubeconfig: { users: [{ name: 'admin', user: { token: SECRET_TOKEN, 'client-key-data': CLIENT_KEY } }] },
};

const [waitStep, faultStep, expectStep] = scenarioResult().steps as [StepOutcome, StepOutcome, StepOutcome];
const p2 = scenarioResult({
  scenario: 'P2 readiness probe failure empties the endpoints', verdict: 'failed', durationMs: 30_500,
  message: 'endpoints: service web has no ready address within 30s\nwas not met',
  steps: [waitStep, { ...faultStep, summary: `exec mv printed ${NASTY}` }, {
    ...expectStep, status: 'failed', durationMs: 30_000,
    expectations: [{
      kind: 'endpoints', description: 'endpoints: service web has no ready address within 30s', passed: false,
      observed: 'ready [10.244.0.5]', reason: 'the address stayed ready', decidedAfterMs: 30_000,
      window: 'within 30s', source: 'scenarios/probes.yaml:31:9',
    }],
  }],
});
/** Every step passed, but the namespace would not go away: a problem outside the steps. */
const stuck = scenarioResult({
  scenario: 'P3 namespace stuck in cleanup', verdict: 'error', durationMs: 95_000,
  message: 'cleanup: namespace faultline-p3 was still Terminating after 60s',
  cleanupProblems: ['namespace faultline-p3 was still Terminating after 60s'],
});
const p9 = scenarioResult({
  scenario: 'P9 exec probe on a missing binary', verdict: 'error', durationMs: 4_200,
  message: 'the API server refused the exec: pods "web-7d9c4" is forbidden',
  steps: [waitStep, { ...faultStep, status: 'error', error: 'pods "web-7d9c4" is forbidden' }],
});

function scenarioTest(result: ScenarioResult): Mocha.Test {
  return new Mocha.Test(result.scenario, function (this: Mocha.Context) {
    attachResult(this.test!, result);
    if (result.verdict !== 'passed') throw new Error(result.message);
  });
}

/** The validator's complaints about `xml` against one of the vendored schemas: none when valid. */
async function schemaErrors(xml: string, schema: keyof typeof SCHEMA_FILES): Promise<string[]> {
  const fileName = SCHEMA_FILES[schema];
  const validation = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName, contents: await readFile(join(XSD_DIR, fileName), 'utf8') }],
  });
  const errors = validation.errors.map((error) => error.rawMessage);
  expect(validation.valid, `valid against ${fileName}`).to.equal(errors.length === 0);
  return errors;
}

/** Runs a mocha instance over suites built in code; resolves with the failure count mocha reports. */
function runMocha(build: (root: Mocha.Suite) => void, reporterOptions: Record<string, unknown>): Promise<number> {
  const mocha = new Mocha({ reporter: JUnitReporter, reporterOptions });
  build(mocha.suite);
  return new Promise((done) => mocha.run(done));
}

function buildRun(root: Mocha.Suite): void {
  const probes = Mocha.Suite.create(root, 'probes.yaml');
  [p1, p2, p9].forEach((result) => probes.addTest(scenarioTest(result)));
  probes.addTest(new Mocha.Test('P7 never ready'));

  const plain = Mocha.Suite.create(root, 'plain mocha');
  plain.addTest(new Mocha.Test('passes', () => {}));
  plain.addTest(new Mocha.Test('fails an assertion', () => expect(NASTY).to.equal('green')));
  plain.addTest(new Mocha.Test('throws a TypeError', () => { throw new TypeError(`bad input ${NASTY}`); }));

  const broken = Mocha.Suite.create(root, 'broken setup');
  broken.beforeAll('start the cluster', () => { throw new Error('kind is not installed'); });
  broken.addTest(new Mocha.Test('never runs', () => {}));
}

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, parseTagValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

interface Parsed {
  testsuites: Record<string, string> & { testsuite: Array<Record<string, string> & {
    properties?: { property: Array<{ '@name': string; '@value': string }> };
    testcase: Array<Record<string, any>>;
  }> };
}

describe('JUnitReporter', function () {
  this.timeout(30_000); // the CLI tests start node; xmllint-wasm compiles its module once
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-junit-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  describe('a run with passed, failed, errored and skipped scenarios and plain tests', () => {
    let xml: string;
    let report: Parsed;
    let failures: number;

    before(async () => {
      const output = join(dir, 'report.xml');
      failures = await runMocha(buildRun, { output });
      xml = await readFile(output, 'utf8');
      report = parser.parse(xml) as Parsed;
    });
    const suite = (name: string) => report.testsuites.testsuite.find((candidate) => candidate['@name'] === name)!;
    const testCase = (suiteName: string, name: string) => suite(suiteName).testcase.find((candidate) => candidate['@name'] === name)!;

    it('validates against the Jenkins JUnit schema', async () => {
      expect(await schemaErrors(xml, 'jenkins')).to.deep.equal([]);
    });

    it('is refused by the Ant JUnit schema, which has no skipped test case and no output per test case (hence schema=ant)', async () => {
      const errors = await schemaErrors(xml, 'ant');
      expect(errors.join('\n')).to.match(/'skipped'/).and.to.match(/'system-out'/);
    });

    it('counts tests, failures, errors and skips per file and in total', () => {
      expect(failures).to.equal(5); // mocha's own count: P2, P9, assertion, TypeError, the hook
      expect(report.testsuites).to.include({ '@name': 'faultline', '@tests': '8', '@failures': '2', '@errors': '3' });
      expect(report.testsuites.testsuite.map((s) => [s['@name'], s['@tests'], s['@failures'], s['@errors'], s['@skipped']]))
        .to.deep.equal([
          ['probes.yaml', '4', '1', '1', '1'],
          ['plain mocha', '3', '1', '1', '0'],
          ['broken setup', '1', '0', '1', '0'],
        ]);
    });

    it('times scenarios by their result, in seconds, and stamps suites the way the schema wants', () => {
      expect(suite('probes.yaml').testcase.map((c) => [c['@classname'], c['@name'], c['@time']])).to.deep.equal([
        ['probes.yaml', p1.scenario, '23.000'],
        ['probes.yaml', p2.scenario, '30.500'],
        ['probes.yaml', p9.scenario, '4.200'],
        ['probes.yaml', 'P7 never ready', '0.000'],
      ]);
      expect(suite('probes.yaml')['@time']).to.equal('57.700');
      const total = report.testsuites.testsuite.reduce((sum, s) => sum + Number(s['@time']), 0);
      expect(Number(report.testsuites['@time'])).to.be.closeTo(total, 0.0015);
      expect(suite('probes.yaml')['@timestamp']).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(suite('probes.yaml')['@hostname']).to.equal(hostname());
    });

    it('writes only context, server address, version, namespace and run id as properties', () => {
      expect(suite('probes.yaml').properties?.property).to.deep.equal([
        { '@name': 'context', '@value': 'kind-faultline' },
        { '@name': 'server', '@value': 'https://127.0.0.1:6443' },
        { '@name': 'kubernetesVersion', '@value': 'v1.31.0' },
        { '@name': 'namespace', '@value': 'faultline-p1' },
        { '@name': 'runId', '@value': 'p1-7f3a' },
      ]);
      expect(suite('plain mocha')).not.to.have.property('properties');
      for (const secret of [SECRET_TOKEN, CLIENT_KEY, 'hunter2', 'admin:']) expect(xml).not.to.contain(secret);
    });

    it('puts the steps and the timeline of each scenario in system-out', () => {
      const out = testCase('probes.yaml', p1.scenario)['system-out'] as string;
      expect(out).to.contain('step 1 fault renameFile: passed in 400ms');
      expect(out).to.contain('Warning Unhealthy pod/web-7d9c4: Liveness probe failed: HTTP probe failed with statuscode: 404 (x3)');
      expect(out).to.contain('+21.40s  pod web-7d9c4: Running, NotReady; web: running, restarts 1, last terminated Completed exit 0');
      expect(out).to.contain('+9.20s  endpoints web: ready [10.244.0.5], not ready []');
      expect(testCase('probes.yaml', p1.scenario)).not.to.have.any.keys('failure', 'error', 'skipped');
      expect(testCase('probes.yaml', 'P7 never ready')).to.have.property('skipped');
    });

    it('reports a failed verdict as a failure typed by its expectation, an error verdict as an error', () => {
      const failure = testCase('probes.yaml', p2.scenario).failure;
      expect(failure['@type']).to.equal('expectation.endpoints');
      expect(failure['@message']).to.equal('endpoints: service web has no ready address within 30s was not met');
      expect(failure['#text']).to.contain('✗ endpoints: service web has no ready address within 30s\n      reason: the address stayed ready');
      const error = testCase('probes.yaml', p9.scenario).error;
      expect(error['@type']).to.equal('error');
      expect(error['@message']).to.equal(p9.message);
    });

    it('reports plain tests and hooks from their errors', () => {
      expect(testCase('plain mocha', 'fails an assertion').failure['@type']).to.equal('AssertionError');
      expect(testCase('plain mocha', 'throws a TypeError').error).to.include({ '@type': 'TypeError', '@message': 'bad input red <&> ]]> end' });
      expect(testCase('plain mocha', 'passes')).not.to.have.property('system-out');
      expect(testCase('broken setup', '"before all" hook: start the cluster for "never runs"').error['@message']).to.equal('kind is not installed');
    });

    it('strips ANSI escapes and control characters, and escapes markup', () => {
      expect(xml).not.to.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      expect(xml).to.contain('exec mv printed red &lt;&amp;&gt; ]]&gt; end');
      expect(testCase('probes.yaml', p2.scenario)['system-out']).to.contain('exec mv printed red <&> ]]> end');
    });
  });

  describe('schema=ant: the same run, laid out for the Ant JUnit schema', () => {
    let xml: string;
    let report: Parsed;

    before(async () => {
      const output = join(dir, 'ant.xml');
      await runMocha(buildRun, { output, schema: 'ant' });
      xml = await readFile(output, 'utf8');
      report = parser.parse(xml) as Parsed;
    });
    const suite = (name: string) => report.testsuites.testsuite.find((candidate) => candidate['@name'] === name)!;

    it('validates against the Ant JUnit schema and against Jenkinsʼ', async () => {
      expect(await schemaErrors(xml, 'ant')).to.deep.equal([]);
      expect(await schemaErrors(xml, 'jenkins')).to.deep.equal([]);
    });

    it('numbers the suites as Ant aggregates them, leaves skipped scenarios out of the test cases and counts them in a property', () => {
      expect(Object.keys(report.testsuites).filter((key) => key.startsWith('@'))).to.deep.equal([]);
      expect(report.testsuites.testsuite.map((s) => [s['@id'], s['@package'], s['@name'], s['@tests'], s['@failures'], s['@errors']])).to.deep.equal([
        ['0', 'probes.yaml', 'probes.yaml', '3', '1', '1'],
        ['1', 'plain mocha', 'plain mocha', '3', '1', '1'],
        ['2', 'broken setup', 'broken setup', '1', '0', '1'],
      ]);
      expect(suite('probes.yaml').testcase.map((c) => c['@name'])).to.deep.equal([p1.scenario, p2.scenario, p9.scenario]);
      expect(suite('probes.yaml').properties?.property.at(-1)).to.deep.equal({ '@name': 'skipped', '@value': '1' });
      expect(suite('plain mocha').properties?.property).to.deep.equal([{ '@name': 'skipped', '@value': '0' }]);
    });

    it('keeps the failure typed by its expectation, and puts every scenario\'s steps and timeline in the suite\'s system-out', () => {
      const failed = suite('probes.yaml').testcase.find((c) => c['@name'] === p2.scenario)!;
      expect(failed.failure['@type']).to.equal('expectation.endpoints');
      expect(failed).not.to.have.property('system-out');
      const out = suite('probes.yaml')['system-out'] as unknown as string;
      expect(out).to.contain(`=== ${p1.scenario}: passed\nscenario ${p1.scenario} (scenarios/probes.yaml): passed in 23.0s`);
      expect(out).to.contain(`=== ${p2.scenario}: failure\n`);
      expect(out).to.contain('+21.40s  pod web-7d9c4: Running, NotReady; web: running, restarts 1, last terminated Completed exit 0');
      expect(out).to.match(/skipped \(not run\):\n {2}P7 never ready$/);
      expect(suite('plain mocha')['system-out']).to.equal(''); // an empty <system-out/>, which the schema requires
      expect(xml).to.contain('<system-err/>');
    });
  });

  describe('steps=true: a test case per step', () => {
    const stepsRun = (root: Mocha.Suite): void => {
      const probes = Mocha.Suite.create(root, 'probes.yaml');
      [p1, p2, p9, stuck].forEach((result) => probes.addTest(scenarioTest(result)));
      probes.addTest(new Mocha.Test('P7 never ready'));
      Mocha.Suite.create(root, 'plain mocha').addTest(new Mocha.Test('passes', () => {}));
    };
    const reports: Partial<Record<'jenkins' | 'ant', { xml: string; report: Parsed }>> = {};

    before(async () => {
      for (const schema of ['jenkins', 'ant'] as const) {
        const output = join(dir, `steps-${schema}.xml`);
        await runMocha(stepsRun, { output, steps: 'true', schema });
        const xml = await readFile(output, 'utf8');
        reports[schema] = { xml, report: parser.parse(xml) as Parsed };
      }
    });
    const cases = () => reports.jenkins!.report.testsuites.testsuite[0]!.testcase;
    const testCase = (name: string) => cases().find((candidate) => candidate['@name'] === name)!;

    it('validates against both schemas, in both layouts', async () => {
      expect(await schemaErrors(reports.jenkins!.xml, 'jenkins')).to.deep.equal([]);
      expect(await schemaErrors(reports.ant!.xml, 'ant')).to.deep.equal([]);
      expect(await schemaErrors(reports.ant!.xml, 'jenkins')).to.deep.equal([]);
    });

    it('names each step after its scenario, times it in seconds, and keeps one suite per file', () => {
      expect(reports.jenkins!.report.testsuites.testsuite.map((s) => s['@name'])).to.deep.equal(['probes.yaml', 'plain mocha']);
      expect(cases().map((c) => [c['@name'], c['@time'], Object.keys(c).find((key) => ['failure', 'error', 'skipped'].includes(key)) ?? 'passed'])).to.deep.equal([
        [`${p1.scenario} › step 0 waitFor ready`, '8.900', 'passed'],
        [`${p1.scenario} › step 1 fault renameFile`, '0.400', 'passed'],
        [`${p1.scenario} › step 2 expect restarts, event`, '9.700', 'passed'],
        [`${p2.scenario} › step 0 waitFor ready`, '8.900', 'passed'],
        [`${p2.scenario} › step 1 fault renameFile`, '0.400', 'passed'],
        [`${p2.scenario} › step 2 expect restarts, event`, '30.000', 'failure'],
        [`${p9.scenario} › step 0 waitFor ready`, '8.900', 'passed'],
        [`${p9.scenario} › step 1 fault renameFile`, '0.400', 'error'],
        [`${stuck.scenario} › step 0 waitFor ready`, '8.900', 'passed'],
        [`${stuck.scenario} › step 1 fault renameFile`, '0.400', 'passed'],
        [`${stuck.scenario} › step 2 expect restarts, event`, '9.700', 'passed'],
        [stuck.scenario, '95.000', 'error'],
        ['P7 never ready', '0.000', 'skipped'],
      ]);
      expect(cases().every((c) => c['@classname'] === 'probes.yaml')).to.equal(true);
    });

    it('fails the step whose expectation failed, typed by that expectation, with the step\'s slice of the timeline', () => {
      const step = testCase(`${p2.scenario} › step 2 expect restarts, event`);
      expect(step.failure['@type']).to.equal('expectation.endpoints');
      expect(step.failure['@message']).to.equal('endpoints: service web has no ready address within 30s: the address stayed ready (observed: ready [10.244.0.5])');
      expect(step.failure['#text']).to.contain('reason: the address stayed ready');
      const out = step['system-out'] as string;
      expect(out).to.match(/^step 2 expect restarts, event of P2 readiness probe failure empties the endpoints \(scenarios\/probes.yaml\): failed in 30\.0s/);
      expect(out).to.contain('+21.40s  pod web-7d9c4: Running, NotReady');
      expect(out).not.to.contain('+9.20s  endpoints web'); // before the step began
      expect(testCase(`${p9.scenario} › step 1 fault renameFile`).error).to.include({ '@type': 'error', '@message': 'pods "web-7d9c4" is forbidden' });
    });

    it('reports a problem outside the steps as a test case of the scenario, and the whole story in the suite\'s system-out', () => {
      expect(testCase(stuck.scenario).error).to.include({ '@type': 'error', '@message': stuck.message });
      const suiteOut = reports.jenkins!.report.testsuites.testsuite[0]!['system-out'] as unknown as string;
      expect(suiteOut).to.contain(`scenario ${stuck.scenario} (scenarios/probes.yaml): error`);
      expect(suiteOut).to.contain('cleanup problems:\n  - namespace faultline-p3 was still Terminating after 60s');
      expect(reports.jenkins!.report.testsuites.testsuite[1]).not.to.have.property('system-out');
    });
  });

  it('creates missing folders for the report', async () => {
    const output = join(dir, 'new', 'folder', 'report.xml');
    const failures = await runMocha((root) => Mocha.Suite.create(root, 'ok').addTest(new Mocha.Test('passes', () => {})), { output });
    expect(failures).to.equal(0);
    expect(await readFile(output, 'utf8')).to.contain('<testcase classname="ok" name="passes"');
  });

  it('fails the run and names the path when the report cannot be written', async () => {
    await writeFile(join(dir, 'b-file'), 'not a folder');
    const output = join(dir, 'b-file', 'report.xml');
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    let failures: number;
    try {
      failures = await runMocha((root) => Mocha.Suite.create(root, 'ok').addTest(new Mocha.Test('passes', () => {})), { output });
    } finally {
      process.stderr.write = write;
    }
    expect(failures).to.equal(1);
    expect(stderr.join('')).to.contain(`faultline junit reporter: could not create the folder for ${output}: EEXIST`);
  });

  it('refuses an unknown option, naming the right one', () => {
    const mocha = new Mocha({ reporter: JUnitReporter, reporterOptions: { ouput: 'x.xml' } });
    expect(() => mocha.run()).to.throw('unknown option `ouput`; the options are `output`, `steps`, `schema`');
  });

  it('refuses a schema it does not know and a steps that is not true or false', () => {
    expect(() => new Mocha({ reporter: JUnitReporter, reporterOptions: { schema: 'xunit' } }).run()).to.throw('expected `schema` to be jenkins or ant, got "xunit"');
    expect(() => new Mocha({ reporter: JUnitReporter, reporterOptions: { steps: 'yes' } }).run()).to.throw('expected `steps` to be true or false, got "yes"');
  });

  describe('from the mocha CLI with "reporter": "./dist/reporters/junit.js"', () => {
    async function runCli(output: string): Promise<{ code: number | null; stderr: string }> {
      const spec = join(dir, 'cli.spec.mjs');
      const config = join(dir, 'mocharc.json');
      await writeFile(spec, "describe('cli', () => { it('passes', () => {}); });\n");
      await writeFile(config, JSON.stringify({ reporter: './dist/reporters/junit.js', 'reporter-option': [`output=${output}`], spec: [spec] }));
      const child = spawn(process.execPath, [MOCHA_BIN, '--config', config, '--no-package'], { cwd: REPO_ROOT });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      return new Promise((done, fail) => {
        child.on('error', fail);
        child.on('close', (code) => done({ code, stderr }));
      });
    }

    it('writes the report and exits 0', async () => {
      const output = join(dir, 'cli.xml');
      const { code, stderr } = await runCli(output);
      expect(code, stderr).to.equal(0);
      expect((parser.parse(await readFile(output, 'utf8')) as Parsed).testsuites.testsuite[0]).to.include({ '@name': 'cli', '@tests': '1' });
    });

    it('exits non-zero and names the path when the output is under a file', async () => {
      await writeFile(join(dir, 'a-file'), '');
      const output = join(dir, 'a-file', 'report.xml');
      const { code, stderr } = await runCli(output);
      expect(code).to.equal(1);
      expect(stderr).to.contain(`could not create the folder for ${output}: EEXIST`);
    });
  });
});
